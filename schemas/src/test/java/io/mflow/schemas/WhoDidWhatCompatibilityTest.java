package io.mflow.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.schemas.common.Stage;
import io.mflow.schemas.event.JobTaskStatusChanged;
import io.mflow.schemas.event.PipelineTaskStatusChanged;
import io.mflow.schemas.serde.AvroDeserializer;
import io.mflow.schemas.serde.AvroSerializer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

/**
 * v2 of the task events adds who started the run. A dashboard built on v1 reads v2 records (it learns the writer's
 * schema from the published files, as from a registry), and today's services read records written with v1.
 */
class WhoDidWhatCompatibilityTest {

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @Test
    void aConsumerOfV1ReadsAV2RecordAndSimplyDoesNotSeeWhoTriggeredIt() throws Exception {
        JobTaskStatusChanged v2 = JobTaskStatusChanged.newBuilder().setEventId("jt-1:2").setJobTaskId("jt-1")
                .setJobTaskName("build").setPipelineTaskId("pt-1").setPreviousStage(Stage.PENDING)
                .setStage(Stage.ACTIVE).setOccurredAt(now).setTriggeredBy("vera").build();
        byte[] bytes = new AvroSerializer().serialize("mflow.task-events", v2);

        List<Schema> published = Contract.publishedVersions(JobTaskStatusChanged.class);
        BinaryMessageDecoder<GenericRecord> v1Reader = new BinaryMessageDecoder<>(GenericData.get(), published.get(0));
        published.forEach(v1Reader::addSchema);
        GenericRecord read = v1Reader.decode(bytes);

        assertThat(read.getSchema().getField("triggeredBy")).isNull();
        assertThat(read.get("jobTaskId")).hasToString("jt-1");
        assertThat(read.get("stage")).hasToString("ACTIVE");
    }

    @Test
    void todaysServicesReadARecordWrittenWithV1AsTriggeredByNobody() throws Exception {
        Schema v1 = Contract.publishedVersions(PipelineTaskStatusChanged.class).get(0);
        GenericRecord written = new GenericData.Record(v1);
        written.put("eventId", "pt-1:2");
        written.put("pipelineTaskId", "pt-1");
        written.put("pipelineId", "pl-1");
        written.put("pipelineName", "ship");
        written.put("previousStage", new GenericData.EnumSymbol(v1.getField("previousStage").schema(), "PENDING"));
        written.put("stage", new GenericData.EnumSymbol(v1.getField("stage").schema(), "ACTIVE"));
        written.put("occurredAt", now.toEpochMilli());
        byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(written).array();

        PipelineTaskStatusChanged read = (PipelineTaskStatusChanged) new AvroDeserializer()
                .deserialize("mflow.task-events", bytes);

        assertThat(read.getPipelineTaskId()).isEqualTo("pt-1");
        assertThat(read.getTriggeredBy()).isNull();
    }
}
