package io.mflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.schemas.Contract;
import io.mflow.schemas.Topics;
import io.mflow.schemas.common.RunParam;
import io.mflow.schemas.common.Stage;
import io.mflow.schemas.event.JobTaskStatusChanged;
import io.mflow.schemas.event.JobTaskStatusReported;
import io.mflow.schemas.event.PipelineTaskCreated;
import io.mflow.schemas.event.StagePlan;
import io.mflow.schemas.event.TaskPlan;
import io.mflow.schemas.serde.AvroSerializer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class RecordLinesTest {

    private static final String RUN = "pt-0190f3c2a1b4000000000000000001";
    private static final String SEALED = "enc:v1:q83vEjRWeJq83vASNFZ4mrzd7xI0VniavN3vEjRWeJq83vA=";
    private static final String PROOF = "proof:v1:3q2+7wAAAAA=";

    private static final PublishedSchemas SCHEMAS = PublishedSchemas.ofContract();
    private final RecordLines lines = new RecordLines(new ValueDecoder(SCHEMAS));
    private final JsonMapper json = JsonMapper.builder().build();

    static {
        // the generated builders fill defaults through classes Avro 1.12 trusts only when told (as the services'
        // deserializer tells it); the tail itself reads generic records and needs no such trust
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(),
                type -> type.getPackageName().startsWith("io.mflow.schemas")));
    }

    @Test
    void everyVersionOfEveryTypeInTheContractRendersWithItsTypeVersionAndEveryField() {
        for (Class<? extends SpecificRecord> type : Contract.TYPES) {
            List<Schema> versions = Contract.publishedVersions(type);
            assertThat(versions).as(type.getSimpleName()).isNotEmpty();
            for (int v = 1; v <= versions.size(); v++) {
                Schema schema = versions.get(v - 1);
                GenericRecord record = Samples.filled(schema);

                JsonNode line = line(Samples.onTopic(Topics.TASK_EVENTS, RUN, Samples.encoded(record), Map.of()));

                String what = schema.getName() + " v" + v;
                assertThat(line.has("error")).as(what + ": " + line).isFalse();
                assertThat(line.get("type").asString()).as(what).isEqualTo(type.getSimpleName());
                assertThat(line.get("version").asInt()).as(what).isEqualTo(v);
                assertThat(line.get("value").propertyNames()).as(what)
                        .containsExactlyElementsOf(schema.getFields().stream().map(Schema.Field::name).toList());
                // every timestamp is an instant, not a number
                assertThat(line.toString()).as(what).doesNotContain(String.valueOf(Samples.AN_INSTANT));
            }
        }
    }

    @Test
    void eachTypesCurrentSchemaIsFoundAsItsLatestPublishedVersion() {
        for (Class<? extends SpecificRecord> type : Contract.TYPES) {
            Schema current = SpecificData.get().getSchema(type);
            assertThat(SCHEMAS.byFingerprint(PublishedSchemas.fingerprint(current)).orElseThrow().version())
                    .as(type.getSimpleName()).isEqualTo(Contract.publishedVersions(type).size());
        }
    }

    @Test
    void aServicesRecordShowsTimestampsAsInstantsEnumsByNameMapsAsObjectsAndAbsentValuesAsNull() {
        JobTaskStatusChanged changed = JobTaskStatusChanged.newBuilder()
                .setEventId("ev-1").setJobTaskId("jt-1").setJobTaskName("build").setPipelineTaskId(RUN)
                .setStageName("build").setPreviousStage(Stage.ACTIVE).setStage(Stage.SUCCEEDED).setMessage(null)
                .setOutputs(Map.of("VERSION", "1.4.2", "IMAGE", "registry.example/app:1.4.2"))
                .setOccurredAt(Instant.parse("2026-12-06T19:30:01.250Z")).setTriggeredBy("admin").setAttempt(1)
                .setStartedAt(null).build();

        JsonNode line = line(Samples.onTopic(Topics.TASK_EVENTS, RUN, serialized(changed), Map.of()));

        assertThat(line.get("type").asString()).isEqualTo("JobTaskStatusChanged");
        assertThat(line.get("version").asInt()).isEqualTo(Contract.publishedVersions(JobTaskStatusChanged.class).size());
        assertThat(line.get("value").toString()).isEqualTo("{\"eventId\":\"ev-1\",\"jobTaskId\":\"jt-1\","
                + "\"jobTaskName\":\"build\",\"pipelineTaskId\":\"" + RUN + "\",\"stageName\":\"build\","
                + "\"previousStage\":\"ACTIVE\",\"stage\":\"SUCCEEDED\",\"message\":null,"
                + "\"outputs\":{\"IMAGE\":\"registry.example/app:1.4.2\",\"VERSION\":\"1.4.2\"},"
                + "\"occurredAt\":\"2026-12-06T19:30:01.250Z\",\"triggeredBy\":\"admin\",\"attempt\":1,\"startedAt\":null,\"detail\":null,\"extension\":{}}");
    }

    @Test
    void sealedValuesAndReportProofsArePrintedExactlyAsTheyAreOnTheTopic() {
        TaskPlan task = TaskPlan.newBuilder().setJobTaskId("jt-1").setName("deploy").setJobName("deploy")
                .setRunnerType("LOCAL").setRunnerSpec("echo deploying").setUpdateToken(SEALED)
                .setParams(List.of(RunParam.newBuilder().setName("TOKEN").setValue(SEALED).setSensitive(true).build()))
                .build();
        PipelineTaskCreated created = PipelineTaskCreated.newBuilder().setEventId("ev-2").setPipelineTaskId(RUN)
                .setPipelineId("pl-1").setPipelineName("ship")
                .setStages(List.of(StagePlan.newBuilder().setName("deploy").setParallel(false).setTasks(List.of(task)).build()))
                .setContacts(Map.of("vera", SEALED)).setCreatedAt(Instant.parse("2026-12-06T19:30:00Z")).build();
        JobTaskStatusReported reported = JobTaskStatusReported.newBuilder().setReportId("r-1").setJobTaskId("jt-1")
                .setPipelineTaskId(RUN).setUpdateToken(PROOF).setStage(Stage.SUCCEEDED)
                .setReportedAt(Instant.parse("2026-12-06T19:30:02Z")).build();

        JsonNode plan = line(Samples.onTopic(Topics.TASK_EVENTS, RUN, serialized(created), Map.of())).get("value");
        JsonNode report = line(Samples.onTopic(Topics.JOB_TASK_STATUS_REPORTS, RUN, serialized(reported), Map.of()))
                .get("value");

        JsonNode planned = plan.get("stages").get(0).get("tasks").get(0);
        assertThat(planned.get("updateToken").asString()).isEqualTo(SEALED);
        assertThat(planned.get("params").get(0).get("value").asString()).isEqualTo(SEALED);
        assertThat(plan.get("contacts").get("vera").asString()).isEqualTo(SEALED);
        assertThat(report.get("updateToken").asString()).isEqualTo(PROOF);
    }

    @Test
    void aRecordWrittenWithAnOlderVersionShowsThatVersionAndOnlyTheFieldsItHad() {
        Schema v1 = Contract.publishedVersions(JobTaskStatusChanged.class).get(0);

        JsonNode line = line(Samples.onTopic(Topics.TASK_EVENTS, RUN, Samples.encoded(Samples.filled(v1)), Map.of()));

        assertThat(line.get("version").asInt()).isEqualTo(1);
        assertThat(line.get("value").has("eventId")).isTrue();
        assertThat(line.get("value").has("triggeredBy")).as("added in v2").isFalse();
    }

    @Test
    void theLineNamesWhereTheRecordIsItsKeyAndTimeThenTypeVersionHeadersAndValue() {
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        headers.put(Topics.TYPE_HEADER, "io.mflow.schemas.event.JobTaskStatusChanged");
        headers.put("ce_specversion", "1.0");
        headers.put("ce_type", "io.mflow.schemas.event.JobTaskStatusChanged.v4");
        headers.put("content-type", "application/avro");
        headers.put("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        byte[] value = Samples.encoded(Samples.filled(Contract.publishedVersions(JobTaskStatusChanged.class).get(0)));

        JsonNode line = line(Samples.onTopic(Topics.TASK_EVENTS, RUN, value, headers));

        assertThat(line.propertyNames()).containsExactly("topic", "partition", "offset", "key", "timestamp", "type",
                "version", "headers", "value");
        assertThat(line.get("topic").asString()).isEqualTo(Topics.TASK_EVENTS);
        assertThat(line.get("partition").asInt()).isEqualTo(2);
        assertThat(line.get("offset").asLong()).isEqualTo(41);
        assertThat(line.get("key").asString()).isEqualTo(RUN);
        assertThat(line.get("timestamp").asString()).isEqualTo("2026-12-06T19:30:00.123Z");
        assertThat(line.get("headers").propertyNames()).as("not every header is worth a column")
                .containsExactly(Topics.TYPE_HEADER, "ce_specversion", "ce_type", "content-type");
    }

    @Test
    void aDeadLetterSaysWhyItWasRefusedAndWhereItCameFrom() {
        ConsumerRecord<byte[], byte[]> record = Samples.onTopic(Topics.JOB_TASK_STATUS_REPORTS + Topics.DEAD_LETTER_SUFFIX,
                RUN, "junk".getBytes(StandardCharsets.UTF_8), Map.of(
                        "kafka_dlt-exception-message", "value on mflow.job-task-status-reports is not an Avro single-object encoded record",
                        "kafka_dlt-exception-fqcn", "org.apache.kafka.common.errors.SerializationException",
                        "kafka_dlt-original-topic", Topics.JOB_TASK_STATUS_REPORTS,
                        "kafka_dlt-original-consumer-group", "task-service",
                        "kafka_dlt-exception-stacktrace", "at ... (long)"));
        record.headers().add("kafka_dlt-original-partition", ByteBuffer.allocate(4).putInt(3).array());
        record.headers().add("kafka_dlt-original-offset", ByteBuffer.allocate(8).putLong(1234L).array());

        JsonNode line = line(record);

        assertThat(line.get("deadLetter").toString()).isEqualTo("{\"reason\":\"value on mflow.job-task-status-reports"
                + " is not an Avro single-object encoded record\",\"exception\":"
                + "\"org.apache.kafka.common.errors.SerializationException\",\"consumerGroup\":\"task-service\","
                + "\"originalTopic\":\"mflow.job-task-status-reports\",\"originalPartition\":3,\"originalOffset\":1234}");
        assertThat(line.get("error").asString()).contains("not an Avro single-object encoded record");
    }

    @Test
    void aValueThatIsNotAvroIsPrintedWithWhyAndItsBytesInBase64() {
        byte[] value = "{\"stage\":\"SUCCEEDED\"}".getBytes(StandardCharsets.UTF_8);

        JsonNode line = line(Samples.onTopic(Topics.JOB_TASK_STATUS_REPORTS, RUN, value, Map.of()));

        assertThat(line.get("type").isNull()).isTrue();
        assertThat(line.get("version").isNull()).isTrue();
        assertThat(line.has("value")).isFalse();
        assertThat(line.get("error").asString()).startsWith("not an Avro single-object encoded record");
        assertThat(Base64.getDecoder().decode(line.get("bytes").asString())).isEqualTo(value);
    }

    @Test
    void aValueWrittenWithASchemaNeverPublishedSaysSoAndTakesItsTypeFromTheHeader() {
        byte[] value = Samples.encoded(Samples.filled(Contract.publishedVersions(JobTaskStatusChanged.class).get(0)));
        value[2] ^= 0x55; // another fingerprint

        JsonNode line = line(Samples.onTopic(Topics.TASK_EVENTS, RUN, value,
                Map.of(Topics.TYPE_HEADER, "io.mflow.schemas.event.JobTaskStatusChanged")));

        assertThat(line.get("type").asString()).isEqualTo("JobTaskStatusChanged");
        assertThat(line.get("error").asString()).startsWith("written with a schema that was never published");
    }

    @Test
    void aCorruptBodyIsPrintedWithWhyInsteadOfStoppingTheTail() {
        byte[] whole = Samples.encoded(Samples.filled(Contract.publishedVersions(JobTaskStatusChanged.class).get(0)));
        byte[] value = java.util.Arrays.copyOf(whole, 14);

        JsonNode line = line(Samples.onTopic(Topics.TASK_EVENTS, RUN, value, Map.of()));

        assertThat(line.get("error").asString()).startsWith("corrupt JobTaskStatusChanged");
        assertThat(line.get("bytes").asString()).isEqualTo(Base64.getEncoder().encodeToString(value));
    }

    @Test
    void aConfluentWireFormatValueWithoutARegistryNamedSaysHowToReadIt() {
        byte[] value = ByteBuffer.allocate(9).put((byte) 0).putInt(17).putInt(0).array();

        JsonNode line = line(Samples.onTopic(Topics.TASK_EVENTS, RUN, value, Map.of()));

        assertThat(line.get("error").asString()).contains("Confluent wire format (schema id 17)")
                .contains("--schema-registry");
    }

    @Test
    void aTombstoneHasANullValueAndNoType() {
        JsonNode line = line(Samples.onTopic(Topics.TASK_EVENTS, RUN, null, Map.of()));

        assertThat(line.get("value").isNull()).isTrue();
        assertThat(line.get("type").isNull()).isTrue();
        assertThat(line.has("error")).isFalse();
    }

    private JsonNode line(ConsumerRecord<byte[], byte[]> record) {
        // through text, as a dashboard reads the line
        return json.readTree(json.writeValueAsString(lines.render(record).json()));
    }

    private static byte[] serialized(SpecificRecord record) {
        return new AvroSerializer().serialize("any", record);
    }
}
