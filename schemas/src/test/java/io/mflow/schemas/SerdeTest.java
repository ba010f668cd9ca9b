package io.mflow.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mflow.schemas.common.RunParam;
import io.mflow.schemas.common.Stage;
import io.mflow.schemas.command.RunJob;
import io.mflow.schemas.event.JobTaskStatusReported;
import io.mflow.schemas.serde.AvroDeserializer;
import io.mflow.schemas.serde.AvroSerializer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class SerdeTest {

    final AvroSerializer serializer = new AvroSerializer();
    final AvroDeserializer deserializer = new AvroDeserializer();

    @Test
    void recordsOfDifferentTypesShareOneTopicAndComeBackAsTheirOwnType() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        JobTaskStatusReported report = JobTaskStatusReported.newBuilder().setReportId("r1").setJobTaskId("t1")
                .setUpdateToken("tok").setStage(Stage.SUCCEEDED).setOutputs(Map.of("VERSION", "1.2"))
                .setReportedAt(now).build();
        RunJob run = RunJob.newBuilder().setAttemptId("t1#1").setJobTaskId("t1").setJobTaskName("build")
                .setJobName("build").setRunnerType("LOCAL").setRunnerSpec("echo hi")
                .setParams(List.of(new RunParam("A", "1", false, false, false, null, List.of()))).setUpdateToken("enc:v1:x")
                .setIssuedAt(now).build();

        SpecificRecord back1 = deserializer.deserialize("t", serializer.serialize("t", report));
        SpecificRecord back2 = deserializer.deserialize("t", serializer.serialize("t", run));

        assertThat(back1).isEqualTo(report);
        assertThat(back2).isEqualTo(run);
    }

    @Test
    void theTypeTravelsInAHeaderForConsumersThatDoNotDecode() {
        RecordHeaders headers = new RecordHeaders();
        serializer.serialize("t", headers, JobTaskStatusReported.newBuilder().setReportId("r").setJobTaskId("t")
                .setUpdateToken("x").setStage(Stage.ACTIVE).setReportedAt(Instant.now()).build());
        assertThat(new String(headers.lastHeader(Topics.TYPE_HEADER).value()))
                .isEqualTo("io.mflow.schemas.event.JobTaskStatusReported");
    }

    @Test
    void aValueThatIsNotAvroIsRejectedWithTheReason() {
        assertThatThrownBy(() -> deserializer.deserialize("mflow.job-commands", "{\"json\":true}".getBytes()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("not an Avro single-object encoded record");
    }

    @Test
    void aValueWrittenWithAnUnknownSchemaIsRejectedWithTheReason() {
        byte[] bytes = {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0};
        assertThatThrownBy(() -> deserializer.deserialize("t", bytes))
                .isInstanceOf(SerializationException.class).hasMessageContaining("unknown schema");
    }
}
