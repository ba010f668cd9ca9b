package io.mflow.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.schemas.Topics;
import io.mflow.schemas.common.Stage;
import io.mflow.schemas.event.JobTaskStatusReported;
import io.mflow.schemas.serde.AvroSerializer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Registry mode, as an operator with a Kafka UI uses it: the engine started with {@code MFLOW_SCHEMA_REGISTRY_URL}
 * pointing at a real registry (Apicurio's Confluent-compatible API) writes every record in the Confluent wire format
 * and registers its schemas, so a plain consumer that knows only the registry's address decodes the topics; and the
 * engine still applies a record in single-object encoding on the same topic, as a user's own agent writes it.
 */
class SchemaRegistryModeIT {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static SchemaRegistryProcess registry;
    static Engine engine;
    static MflowClient mflow;

    @BeforeAll
    static void startRegistryAndEngine() throws Exception {
        Path home = home();
        registry = SchemaRegistryProcess.start(SchemaRegistryProcess.jar(home, dir.resolve("registry-build.log")), dir);
        // run by root, the engine runs LOCAL jobs as users of their own: they write their ledgers here
        java.nio.file.Files.setPosixFilePermissions(dir,
                java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        engine = Engine.start(EngineSettings.defaults(home).shifted(16_000, dir.resolve("data"))
                .withEnv(Map.of("MFLOW_SCHEMA_REGISTRY_URL", registry.url())));
        mflow = new MflowClient(engine.baseUri(Service.TASK), engine.adminToken());
    }

    @AfterAll
    static void stop() throws Exception {
        if (engine != null) {
            engine.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void aPlainConsumerDecodesEveryRecordWithTheRegistryAloneAndTheEngineStillAppliesASingleObjectReport()
            throws Exception {
        Path handOver = dir.resolve("hand-over");
        String slow = job("registry-slow", "echo \"$MFLOW_JOB_TASK_ID $MFLOW_UPDATE_TOKEN\" > " + handOver
                + "; echo VERSION=7 >> \"$MFLOW_OUTPUT\"; sleep 30");
        String quick = job("registry-quick", "echo quick");
        String pipeline = mflow.post("/api/v1/pipelines", Map.of("name", "registry-mode", "stages", List.of(
                Map.of("name", "first", "parallel", false, "tasks", List.of(Map.of("name", "slow", "job", slow))),
                Map.of("name", "second", "parallel", false, "tasks", List.of(Map.of("name", "quick", "job", quick))))),
                201).get("id").asString();
        String run = mflow.post("/api/v1/pipelines/" + pipeline + "/runs", Map.of(), 201).get("id").asString();

        // A user's own controller finishes the slow job first, writing single-object encoding as mflow did before
        // registry mode: the topic now holds both encodings.
        org.awaitility.Awaitility.await().atMost(RUN_TIMEOUT).until(() -> Files.exists(handOver)
                && Files.readString(handOver).trim().contains(" "));
        String[] idAndToken = Files.readString(handOver).trim().split(" ");
        // as a controller would, once the job has been seen running
        mflow.awaitJobTaskIn(run, "ACTIVE", RUN_TIMEOUT);
        JobTaskStatusReported report = JobTaskStatusReported.newBuilder().setReportId("controller-" + UUID.randomUUID())
                .setJobTaskId(idAndToken[0]).setPipelineTaskId(run).setUpdateToken(idAndToken[1])
                .setStage(Stage.SUCCEEDED).setMessage("finished by its controller").setReportedAt(Instant.now())
                .build();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                new HashMap<String, Object>(engine.kafkaClient(KafkaPrincipals.REPORTER)), new StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.JOB_TASK_STATUS_REPORTS, run,
                    new AvroSerializer().serialize(Topics.JOB_TASK_STATUS_REPORTS, report))).get();
        }

        JsonNode finished = mflow.awaitFinished(run, RUN_TIMEOUT);
        assertThat(finished.get("stage").asString()).isEqualTo("SUCCEEDED");
        assertThat(MflowClient.jobTask(finished, "slow").get("message").asString()).isEqualTo("finished by its controller");

        List<ConsumerRecord<String, byte[]>> records = readAll(List.of(Topics.TASK_EVENTS, Topics.JOB_COMMANDS,
                Topics.JOB_TASK_STATUS_REPORTS, Topics.PIPELINE_TASK_STATUS_REPORTS, Topics.JOB_LOGS), run);
        List<String> decodedTypes = new ArrayList<>();
        int singleObject = 0;
        for (ConsumerRecord<String, byte[]> record : records) {
            byte[] value = record.value();
            if (value[0] == (byte) 0xC3) {
                singleObject++;
                continue;
            }
            assertThat(value[0]).as("magic byte of a registry-mode record on %s", record.topic()).isZero();
            int id = ByteBuffer.wrap(value, 1, 4).getInt();
            Schema writer = new Schema.Parser().parse(get(registry.url() + "/schemas/ids/" + id).get("schema").asString());
            GenericRecord decoded = new GenericDatumReader<GenericRecord>(writer).read(null,
                    DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, null));
            decodedTypes.add(writer.getName());
            assertThat(decoded.toString()).contains(run);
            // what a generic CloudEvents tool reads without decoding
            assertThat(header(record, "ce_dataschema")).isEqualTo(registry.url() + "/schemas/ids/" + id);
            assertThat(header(record, "ce_type")).startsWith(writer.getFullName() + ".v");
            assertThat(header(record, "mflow-type")).isEqualTo(writer.getFullName());
            assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
            assertThat(header(record, "content-type")).isEqualTo("application/avro");
            assertThat(header(record, "ce_source")).startsWith("/mflow/");
            assertThat(Instant.parse(header(record, "ce_time"))).isBefore(Instant.now());
            for (String idField : List.of("eventId", "reportId")) {
                if (writer.getField(idField) != null) {
                    assertThat(header(record, "ce_id")).isEqualTo(decoded.get(idField).toString());
                }
            }
            String subject = decoded.getSchema().getField("jobTaskId") != null && decoded.get("jobTaskId") != null
                    ? decoded.get("jobTaskId").toString() : decoded.get("pipelineTaskId").toString();
            assertThat(header(record, "ce_subject")).isEqualTo(subject);
        }
        assertThat(singleObject).as("the controller's report, the one record not written by the engine").isEqualTo(1);
        assertThat(decodedTypes).contains("PipelineTaskCreated", "JobTaskStatusChanged", "RunJob",
                "JobTaskStatusReported", "PipelineTaskStatusChanged", "PipelineTaskStatusReported", "JobLogChunk");

        // mflow's own reference decoder, told the registry's address, reads the same records
        Path tailed = dir.resolve("tail.jsonl");
        Process tail = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                home().resolve("cli/target/mflow-cli.jar").toString(), "events", "tail", "task-events",
                "--from-beginning", "--run", run, "--bootstrap-servers", engine.kafkaBootstrap(),
                "--kafka-config", engine.kafkaClientFile(KafkaPrincipals.READER).toString(),
                "--schema-registry", registry.url(), "--timeout", "10s")
                .redirectOutput(tailed.toFile()).redirectError(dir.resolve("tail.err").toFile()).start();
        assertThat(tail.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(tailed)) {
            lines.add(JSON.readTree(line));
        }
        assertThat(lines).isNotEmpty().allSatisfy(line -> {
            assertThat(line.has("error")).as(line.toString()).isFalse();
            assertThat(line.get("value").toString()).contains(run);
        });
        assertThat(lines.get(0).get("type").asString()).isEqualTo("PipelineTaskCreated");
        assertThat(lines.get(lines.size() - 1).get("value").get("stage").asString()).isEqualTo("SUCCEEDED");

        JsonNode subjects = get(registry.url() + "/subjects");
        assertThat(subjects.toString()).contains("io.mflow.schemas.event.JobTaskStatusChanged",
                "io.mflow.schemas.command.RunJob");
    }

    private static Path home() {
        return Path.of(System.getProperty("mflow.home", "..")).toAbsolutePath().normalize();
    }

    private String job(String name, String script) throws Exception {
        return mflow.post("/api/v1/jobs", Map.of("name", name, "runnerType", "LOCAL", "runnerSpec", script), 201)
                .get("id").asString();
    }

    private static JsonNode get(String url) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** A dashboard's read: every record of one run on the given topics, from the beginning. */
    private static List<ConsumerRecord<String, byte[]>> readAll(List<String> topics, String key) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        Map<String, Object> config = new HashMap<>(engine.kafkaClient(KafkaPrincipals.READER));
        config.putAll(Map.of(ConsumerConfig.GROUP_ID_CONFIG, "reader-dashboard-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(topics);
            int emptyPolls = 0;
            while (emptyPolls < 5) {
                var polled = consumer.poll(Duration.ofSeconds(1));
                emptyPolls = polled.isEmpty() ? emptyPolls + 1 : 0;
                polled.forEach(record -> {
                    if (key.equals(record.key())) {
                        records.add(record);
                    }
                });
            }
        }
        return records;
    }
}
