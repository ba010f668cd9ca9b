package io.mflow.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.schemas.Contract;
import io.mflow.schemas.Topics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an operator sees with {@code mflow events tail}: the command line started as a user starts it, as its own
 * process, against the whole engine, following one run of a two-stage pipeline as it happens.
 */
class EventsTailIT {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dir;

    static Engine engine;
    static MflowClient mflow;

    @BeforeAll
    static void startEngine() throws Exception {
        assertThat(home().resolve("cli/target/mflow-cli.jar")).as("built by the cli module before this one; alone: "
                + "./mvnw -q -pl cli -am package -DskipTests").exists();
        // run by root, the engine runs LOCAL jobs as users of their own: they write their ledgers here
        java.nio.file.Files.setPosixFilePermissions(dir,
                java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        engine = Engine.start(EngineSettings.defaults(home()).shifted(14_000, dir.resolve("data")));
        mflow = new MflowClient(engine.baseUri(Service.TASK), engine.adminToken());
    }

    @AfterAll
    static void stopEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void aRunsRecordsArePrintedAsTheyHappenOneJsonObjectALineInTheOrderOfEachTopic() throws Exception {
        String build = job("build", "echo building; echo VERSION=1.4.2 >> \"$MFLOW_OUTPUT\"", List.of());
        String deploy = job("deploy", "echo deploying $VERSION", List.of(Map.of("name", "VERSION", "required", true)));
        String pipeline = mflow.post("/api/v1/pipelines", Map.of("name", "tailed", "stages", List.of(
                Map.of("name", "build", "parallel", false, "tasks", List.of(Map.of("name", "build", "job", build))),
                Map.of("name", "deploy", "parallel", false, "tasks", List.of(Map.of("name", "deploy", "job", deploy))))),
                201).get("id").asString();
        String run = mflow.post("/api/v1/pipelines/" + pipeline + "/runs", Map.of(), 201).get("id").asString();

        List<JsonNode> lines;
        try (Tail tail = new Tail("events", "tail", "--from-beginning", "--run", run,
                "--bootstrap-servers", engine.kafkaBootstrap())) {
            assertThat(mflow.awaitFinished(run, RUN_TIMEOUT).get("stage").asString()).isEqualTo("SUCCEEDED");
            lines = tail.awaitLines(seen -> type(seen, "PipelineTaskStatusChanged").stream()
                    .anyMatch(line -> stage(line).equals("SUCCEEDED"))
                    && type(seen, "JobTaskStatusReported").stream().filter(line -> stage(line).equals("SUCCEEDED")).count() == 2
                    && type(seen, "JobLogChunk").size() >= 2);
            tail.stop();
        }

        for (JsonNode line : lines) {
            assertThat(line.has("error")).as(line.toString()).isFalse();
            assertThat(line.get("key").asString()).isEqualTo(run);
            assertThat(Instant.parse(line.get("timestamp").asString())).isBefore(Instant.now());
            assertThat(line.get("version").asInt()).as("the latest published version of " + line.get("type"))
                    .isEqualTo(latestVersion(line.get("type").asString()));
            assertThat(line.get("headers").get(Topics.TYPE_HEADER).asString()).endsWith("." + line.get("type").asString());
        }
        List<JsonNode> events = onTopic(lines, Topics.TASK_EVENTS);
        assertThat(offsets(events)).isSorted();
        assertThat(events.get(0).get("type").asString()).isEqualTo("PipelineTaskCreated");
        assertThat(events.get(0).get("value").get("stages").get(0).get("tasks").get(0).get("updateToken").asString())
                .as("sealed on the topic, sealed in the line").startsWith("enc:v2:");
        JsonNode last = events.get(events.size() - 1);
        assertThat(last.get("type").asString() + " " + stage(last)).isEqualTo("PipelineTaskStatusChanged SUCCEEDED");
        for (String task : List.of("build", "deploy")) {
            List<String> changes = events.stream().filter(line -> line.get("type").asString().equals("JobTaskStatusChanged"))
                    .map(line -> line.get("value"))
                    .filter(value -> value.get("jobTaskName").asString().equals(task))
                    .map(value -> value.get("previousStage").asString() + "->" + value.get("stage").asString()).toList();
            assertThat(changes).as(task).isNotEmpty();
            assertThat(changes.get(0)).as(task).startsWith("PENDING->");
            assertThat(changes.get(changes.size() - 1)).as(task).endsWith("->SUCCEEDED");
            for (int i = 1; i < changes.size(); i++) {
                assertThat(changes.get(i)).as(task + ": each change starts where the one before ended")
                        .startsWith(changes.get(i - 1).substring(changes.get(i - 1).indexOf("->") + 2) + "->");
            }
        }

        List<JsonNode> commands = onTopic(lines, Topics.JOB_COMMANDS);
        assertThat(commands).extracting(line -> line.get("type").asString() + " " + line.get("value").get("jobTaskName").asString())
                .containsExactly("RunJob build", "RunJob deploy");
        assertThat(commands.get(1).get("value").get("params").toString()).contains("\"name\":\"VERSION\",\"value\":\"1.4.2\"");
        assertThat(commands.get(0).get("value").get("issuedAt").asString()).endsWith("Z");

        List<JsonNode> reports = onTopic(lines, Topics.JOB_TASK_STATUS_REPORTS);
        assertThat(offsets(reports)).isSorted();
        assertThat(reports).allSatisfy(line -> {
            assertThat(line.get("type").asString()).isEqualTo("JobTaskStatusReported");
            assertThat(line.get("value").get("updateToken").asString()).startsWith("proof:v1:");
        });
        assertThat(reports.stream().filter(line -> stage(line).equals("SUCCEEDED")).map(line -> line.get("value")
                .get("outputs").toString())).containsExactly("{\"VERSION\":\"1.4.2\"}", "{}");

        assertThat(onTopic(lines, Topics.PIPELINE_TASK_STATUS_REPORTS)).extracting(
                line -> line.get("type").asString() + " " + stage(line)).endsWith("PipelineTaskStatusReported SUCCEEDED");
        assertThat(onTopic(lines, Topics.JOB_LOGS).stream().map(line -> line.get("value").get("text").asString())
                .reduce("", String::concat)).contains("building\n", "deploying 1.4.2\n");
    }

    @Test
    void aTailForOneTypeOnANamedTopicEndsByItselfAfterMaxRecords() throws Exception {
        String job = job("once", "true", List.of());
        String pipeline = mflow.post("/api/v1/pipelines", Map.of("name", "once", "stages", List.of(
                Map.of("name", "only", "parallel", false, "tasks", List.of(Map.of("name", "once", "job", job))))),
                201).get("id").asString();
        String run = mflow.post("/api/v1/pipelines/" + pipeline + "/runs", Map.of(), 201).get("id").asString();
        mflow.awaitFinished(run, RUN_TIMEOUT);

        try (Tail tail = new Tail("events", "tail", "job-commands", "--type", "io.mflow.schemas.command.RunJob",
                "--run", run, "--from-beginning", "--max-records", "1", "--bootstrap-servers", engine.kafkaBootstrap())) {
            assertThat(tail.process.waitFor(60, TimeUnit.SECONDS)).as("ends after one record").isTrue();
            assertThat(tail.process.exitValue()).isZero();
            assertThat(tail.lines).singleElement().satisfies(line -> {
                assertThat(line.get("topic").asString()).isEqualTo(Topics.JOB_COMMANDS);
                assertThat(line.get("type").asString()).isEqualTo("RunJob");
            });
        }
    }

    @Test
    void aRecordTheEngineRefusedIsShownOnItsDeadLetterTopicWithWhyAndItsBytes() throws Exception {
        String key = "pt-refused-" + System.nanoTime();
        byte[] garbage = "this is not avro".getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                new java.util.HashMap<String, Object>(engine.kafkaClient(KafkaPrincipals.REPORTER)), new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.JOB_TASK_STATUS_REPORTS, key, garbage)).get();
        }

        try (Tail tail = new Tail("events", "tail", "job-task-status-reports.DLT", "--run", key, "--from-beginning",
                "--max-records", "1", "--timeout", "90s", "--bootstrap-servers", engine.kafkaBootstrap())) {
            assertThat(tail.process.waitFor(100, TimeUnit.SECONDS)).isTrue();
            assertThat(tail.lines).as("stderr: " + tail.stderr()).singleElement().satisfies(line -> {
                assertThat(line.get("topic").asString()).isEqualTo(Topics.JOB_TASK_STATUS_REPORTS + Topics.DEAD_LETTER_SUFFIX);
                assertThat(line.get("error").asString()).startsWith("not an Avro single-object encoded record");
                assertThat(Base64.getDecoder().decode(line.get("bytes").asString())).isEqualTo(garbage);
                assertThat(line.get("deadLetter").get("originalTopic").asString()).isEqualTo(Topics.JOB_TASK_STATUS_REPORTS);
                assertThat(line.get("deadLetter").get("reason").asString()).isNotBlank();
            });
        }
    }

    /** {@code java -jar cli/target/mflow-cli.jar ...}, its stdout read line by line as it comes. */
    private static final class Tail implements AutoCloseable {

        final Process process;
        final List<JsonNode> lines = new CopyOnWriteArrayList<>();
        private final Path errors;
        private final Thread reader;

        Tail(String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of(Engine.javaBinary(), "-Xmx128m", "-jar",
                    home().resolve("cli/target/mflow-cli.jar").toString()));
            command.addAll(List.of(args));
            // the embedded engine's reader principal, as data/kafka-reader.properties gives it
            command.addAll(List.of("--kafka-config", engine.kafkaClientFile(KafkaPrincipals.READER).toString()));
            errors = dir.resolve("mflow-cli-" + System.nanoTime() + ".err");
            process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
            reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        lines.add(JSON.readTree(line));
                    }
                } catch (IOException e) {
                    // the process is gone
                }
            }, "mflow-cli-stdout");
            reader.start();
        }

        List<JsonNode> awaitLines(Predicate<List<JsonNode>> enough) throws Exception {
            long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
            while (!enough.test(lines) && System.nanoTime() < deadline) {
                assertThat(process.isAlive()).as("mflow events tail is still following; stderr: " + stderr()).isTrue();
                Thread.sleep(100);
            }
            assertThat(enough.test(lines)).as("the tail printed all of the run in time: " + lines).isTrue();
            return List.copyOf(lines);
        }

        /** As Ctrl-C: SIGTERM runs the same shutdown hook as SIGINT. */
        void stop() throws Exception {
            process.destroy();
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("the tail ends on a signal").isTrue();
            reader.join(5_000);
        }

        String stderr() throws IOException {
            return Files.readString(errors);
        }

        @Override
        public void close() throws Exception {
            process.destroyForcibly();
            process.waitFor();
            reader.join(5_000);
        }
    }

    private String job(String name, String script, List<Map<String, Object>> params) throws Exception {
        return mflow.post("/api/v1/jobs", Map.of("name", name + "-" + System.nanoTime(), "runnerType", "LOCAL",
                "runnerSpec", script, "params", params), 201).get("id").asString();
    }

    private static List<JsonNode> type(List<JsonNode> lines, String type) {
        return lines.stream().filter(line -> type.equals(line.get("type").asString())).toList();
    }

    private static List<JsonNode> onTopic(List<JsonNode> lines, String topic) {
        return lines.stream().filter(line -> topic.equals(line.get("topic").asString())).toList();
    }

    private static List<Long> offsets(List<JsonNode> lines) {
        return lines.stream().map(line -> line.get("offset").asLong()).toList();
    }

    private static String stage(JsonNode line) {
        JsonNode stage = line.get("value").get("stage");
        return stage == null ? "" : stage.asString();
    }

    private static int latestVersion(String type) {
        return Contract.TYPES.stream().filter(t -> t.getSimpleName().equals(type))
                .mapToInt(t -> Contract.publishedVersions(t).size()).findFirst().orElseThrow();
    }

    private static Path home() {
        return Path.of(System.getProperty("mflow.home", "..")).toAbsolutePath().normalize();
    }
}
