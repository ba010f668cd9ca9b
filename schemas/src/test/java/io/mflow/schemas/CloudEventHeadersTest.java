package io.mflow.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.schemas.command.CancelJob;
import io.mflow.schemas.command.RunJob;
import io.mflow.schemas.common.Stage;
import io.mflow.schemas.event.JobLogChunk;
import io.mflow.schemas.event.JobTaskStatusChanged;
import io.mflow.schemas.event.JobTaskStatusReported;
import io.mflow.schemas.event.NotifyEndpointChanged;
import io.mflow.schemas.event.PipelineTaskStatusChanged;
import io.mflow.schemas.serde.AvroSerializer;
import io.mflow.schemas.serde.CloudEventHeaders;
import io.mflow.schemas.serde.EncodedRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** Generic tools (routers, dedupers, Kafka UIs) read a record's CloudEvents headers without decoding its value. */
class CloudEventHeadersTest {

    static final Instant AT = Instant.parse("2026-12-06T10:15:30.123Z");

    final AvroSerializer serializer = new AvroSerializer("/mflow/task-service");

    @Test
    void aStatusChangeCarriesItsEventIdItsJobTaskAsSubjectItsTimeAndItsTypeWithTheVersionWritten() {
        Map<String, String> headers = serializer.encode(Topics.TASK_EVENTS, changed()).headers();

        int current = Contract.publishedVersions(JobTaskStatusChanged.class).size();
        assertThat(headers).containsEntry("ce_specversion", "1.0")
                .containsEntry("ce_id", "jt-1:3")
                .containsEntry("ce_source", "/mflow/task-service")
                .containsEntry("ce_type", "io.mflow.schemas.event.JobTaskStatusChanged.v" + current)
                .containsEntry("ce_subject", "jt-1")
                .containsEntry("ce_time", "2026-12-06T10:15:30.123Z")
                .containsEntry("content-type", "application/avro")
                .containsEntry(Topics.TYPE_HEADER, "io.mflow.schemas.event.JobTaskStatusChanged");
    }

    @Test
    void eachKindOfRecordIsIdentifiedByTheIdItsConsumersDeduplicateBy() {
        assertThat(id(JobTaskStatusReported.newBuilder().setReportId("jt-1#1:ACTIVE").setJobTaskId("jt-1")
                .setUpdateToken("proof:v1:x").setStage(Stage.ACTIVE).setReportedAt(AT).build())).isEqualTo("jt-1#1:ACTIVE");
        assertThat(id(runJob())).isEqualTo("jt-1#2");
        assertThat(id(CancelJob.newBuilder().setAttemptId("jt-1#2").setJobTaskId("jt-1").setUpdateToken("enc:v1:x")
                .setIssuedAt(AT).build())).as("a cancel is not its run").isEqualTo("jt-1#2/cancel");
        assertThat(id(JobLogChunk.newBuilder().setJobTaskId("jt-1").setAttempt(2).setFirstLine(41).setText("x\n")
                .setAt(AT).build())).isEqualTo("jt-1#2@41");
    }

    @Test
    void theSubjectIsTheJobTaskElseThePipelineTaskElseTheEndpoint() {
        PipelineTaskStatusChanged run = PipelineTaskStatusChanged.newBuilder().setEventId("pt-1:2")
                .setPipelineTaskId("pt-1").setPipelineId("pl-1").setPipelineName("deploy")
                .setPreviousStage(Stage.PENDING).setStage(Stage.ACTIVE).setOccurredAt(AT).build();
        NotifyEndpointChanged endpoint = NotifyEndpointChanged.newBuilder().setEventId("e").setEndpointId("ep-9")
                .setTarget("https://hooks.example").setDisabled(true).setFailuresInARow(5).setOccurredAt(AT).build();

        assertThat(CloudEventHeaders.of(run, "/s")).containsEntry("ce_subject", "pt-1");
        assertThat(CloudEventHeaders.of(runJob(), "/s")).containsEntry("ce_subject", "jt-1");
        assertThat(CloudEventHeaders.of(endpoint, "/s")).containsEntry("ce_subject", "ep-9");
    }

    @Test
    void aProducersSerializerSetsTheSameHeadersOnTheRecordItSends() {
        RecordHeaders sent = new RecordHeaders();
        AvroSerializer configured = AvroSerializer.configuredBy(Map.of(AvroSerializer.SOURCE_CONFIG, "/mflow/runner-service"));

        configured.serialize(Topics.TASK_EVENTS, sent, changed());

        EncodedRecord stored = configured.encode(Topics.TASK_EVENTS, changed());
        stored.headers().forEach((name, value) -> assertThat(text(sent.lastHeader(name))).as(name).isEqualTo(value));
        assertThat(stored.headers()).containsEntry("ce_source", "/mflow/runner-service");
    }

    @Test
    void everyTypeOfTheContractNamesTheVersionItIsWrittenWith() {
        for (Class<? extends SpecificRecord> type : Contract.TYPES) {
            assertThat(Contract.versionOf(org.apache.avro.specific.SpecificData.get().getSchema(type)))
                    .as(type.getSimpleName()).isEqualTo(Contract.publishedVersions(type).size());
        }
    }

    private static String id(SpecificRecord record) {
        return CloudEventHeaders.of(record, "/s").get("ce_id");
    }

    private static String text(Header header) {
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static RunJob runJob() {
        return RunJob.newBuilder().setAttemptId("jt-1#2").setJobTaskId("jt-1").setPipelineTaskId("pt-1")
                .setJobTaskName("build").setJobName("build").setRunnerType("LOCAL").setRunnerSpec("make")
                .setParams(List.of()).setUpdateToken("enc:v1:x").setIssuedAt(AT).build();
    }

    private static JobTaskStatusChanged changed() {
        return JobTaskStatusChanged.newBuilder().setEventId("jt-1:3").setJobTaskId("jt-1").setJobTaskName("build")
                .setPipelineTaskId("pt-1").setPreviousStage(Stage.ACTIVE).setStage(Stage.SUCCEEDED).setOccurredAt(AT)
                .build();
    }
}
