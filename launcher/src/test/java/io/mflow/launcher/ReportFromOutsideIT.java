package io.mflow.launcher;

import static io.mflow.launcher.MflowClient.jobTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.mflow.schemas.event.JobTaskStatusReported;
import io.mflow.schemas.serde.AvroDeserializer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Issue 20 as a user outside the project meets it: a controller that holds a job's update token reports the job's
 * final stage over Kafka with the examples of {@code docs/examples} (run as processes, as a user runs them), a
 * refused report is found on the dead-letter topic with its reason, and a consumer that knows only
 * {@code docs/events.md} and the published {@code .avsc} files decodes every record on every public topic.
 */
class ReportFromOutsideIT {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);
    private static final String REPORTS = "mflow.job-task-status-reports";
    private static final String REPORTS_DLT = REPORTS + ".DLT";
    private static final List<String> PUBLIC_TOPICS = List.of("mflow.task-events", "mflow.job-commands", REPORTS,
            "mflow.pipeline-task-status-reports", "mflow.job-logs", "mflow.notify-events");
    /** Keys of the records this test writes that no published schema decodes, on purpose. */
    private static final String FOREIGN_KEY = "foreign-";

    @TempDir
    static Path dir;

    static Path home;
    static Engine engine;
    static MflowClient mflow;

    @BeforeAll
    static void startEngine() throws Exception {
        home = Path.of(System.getProperty("mflow.home", "..")).toAbsolutePath().normalize();
        // run by root, the engine runs LOCAL jobs as users of their own: they write their ledgers here
        java.nio.file.Files.setPosixFilePermissions(dir,
                java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        engine = Engine.start(EngineSettings.defaults(home).shifted(17_300, dir.resolve("data"))
                .withEnv(Map.of("MFLOW_NOTIFY_ALLOWED_PRIVATE_NETWORKS", "127.0.0.0/8")));
        mflow = new MflowClient(engine.baseUri(Service.TASK), engine.adminToken());
    }

    @AfterAll
    static void stopEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    /** As a job would: with the broker's login it was handed in its environment, and no client file. */
    @Test
    void theJavaExampleReportsTheFinalStageOfAJobThatWaitsForItAndTheRunGoesOn() throws Exception {
        Handoff handoff = runWaitingForAnOutsideReport("java");

        Output sent = javaWithTheJobsLoginOnly(handoff.env(), "report", "--stage", "SUCCEEDED", "--message", "rolled out by java",
                "--detail", "3/3 replicas of app:1.4.2 ready", "--extension", "cluster=eu-1",
                "--extension", "rollout=42");

        assertThat(sent.exitCode).as(sent.text).isZero();
        assertTheRunWentOnWith(handoff, "rolled out by java", "3/3 replicas of app:1.4.2 ready",
                Map.of("cluster", "eu-1", "rollout", "42"));
    }

    @Test
    void thePythonExampleReportsTheFinalStageOfAJobThatWaitsForItAndTheRunGoesOn() throws Exception {
        assumePythonCanReport();
        Handoff handoff = runWaitingForAnOutsideReport("python");

        Output sent = python(handoff.env(), "report", "--stage", "SUCCEEDED", "--message", "rolled out by python",
                "--detail", "canary at 100%", "--extension", "cluster=us-2");

        assertThat(sent.exitCode).as(sent.text).isZero();
        assertTheRunWentOnWith(handoff, "rolled out by python", "canary at 100%", Map.of("cluster", "us-2"));
    }

    @Test
    void aJobRunOnItsOwnIsReportedKeyedByItsJobTaskIdWithNoPipelineTask() throws Exception {
        Path handoffFile = dir.resolve("single.handoff");
        String job = job("single", handingOver(handoffFile), true);
        String jobTaskId = mflow.post("/api/v1/job-tasks", Map.of("job", job), 201).get("id").asString();
        Map<String, String> env = handedOver(handoffFile);
        assertThat(env).as("the key of its reports").containsEntry("MFLOW_PIPELINE_TASK_ID", jobTaskId);
        awaitJobTask(jobTaskId, t -> t.path("awaitingReport").asBoolean());

        Output sent = java(env, "report", "--message", "done on its own");

        assertThat(sent.exitCode).as(sent.text).isZero();
        JsonNode done = awaitJobTask(jobTaskId, t -> "SUCCEEDED".equals(t.get("stage").asString()));
        assertThat(done.get("message").asString()).isEqualTo("done on its own");
        ConsumerRecord<String, byte[]> report = readAll(List.of(REPORTS)).stream()
                .filter(r -> jobTaskId.equals(r.key()) && "/controllers/report-status".equals(header(r, "ce_source")))
                .findFirst().orElseThrow();
        JobTaskStatusReported decoded = (JobTaskStatusReported) new AvroDeserializer().deserialize(REPORTS,
                report.value());
        assertThat(decoded.getPipelineTaskId()).isNull();
        assertThat(decoded.getUpdateToken()).startsWith("proof:v1:");
        assertThat(header(report, "ce_subject")).isEqualTo(jobTaskId);
    }

    @Test
    void aReportWithAWrongTokenChangesNothingAndTheExamplesReadItsReasonFromTheDeadLetterTopic() throws Exception {
        Handoff handoff = runWaitingForAnOutsideReport("forged");
        Map<String, String> forged = new HashMap<>(handoff.env());
        forged.put("MFLOW_UPDATE_TOKEN", "not-the-token");
        String reportId = "forged-" + UUID.randomUUID();

        Output sent = java(forged, "report", "--report-id", reportId, "--message", "forged");
        Output read = java(forged, "dead-letters", "--report-id", reportId, "--wait", "60");

        assertThat(sent.exitCode).as(sent.text).isZero();
        assertThat(read.exitCode).as(read.text).isZero();
        assertThat(read.text).contains("reportId=" + reportId, "refusedBy=task-service",
                "BAD_TOKEN", "the update token of job task " + handoff.jobTaskId + " is missing or wrong");
        ConsumerRecord<String, byte[]> dead = deadLetter(REPORTS_DLT, r -> new String(r.value(),
                StandardCharsets.ISO_8859_1).contains(reportId));
        assertThat(header(dead, "kafka_dlt-exception-message")).contains("BAD_TOKEN");
        assertThat(dead.key()).isEqualTo(handoff.pipelineTaskId);
        JsonNode task = mflow.get("/api/v1/job-tasks/" + handoff.jobTaskId);
        assertThat(task.get("stage").asString()).as("nothing changed").isEqualTo("ACTIVE");
        assertThat(task.get("message").asString()).isNotEqualTo("forged");
        if (pythonCanReport()) {
            Output python = python(forged, "dead-letters", "--report-id", reportId, "--wait", "60");
            assertThat(python.exitCode).as(python.text).isZero();
            assertThat(python.text).contains("\"reportId\": \"" + reportId + "\"", "BAD_TOKEN",
                    "\"refusedBy\": \"task-service\"");
        }

        Output right = java(handoff.env(), "report", "--message", "the real one");
        assertThat(right.exitCode).as(right.text).isZero();
        assertThat(mflow.awaitFinished(handoff.pipelineTaskId, RUN_TIMEOUT).get("stage").asString())
                .isEqualTo("SUCCEEDED");
    }

    @Test
    void aRecordOfAnUnknownTypeAndOneOfAVersionFromTheFutureAreDeadLetteredWithTheirReasons() throws Exception {
        Schema current = latest("JobTaskStatusReported");
        Schema future = withExtraField(current, "rolloutUrl");
        Schema unknown = new Schema.Parser().parse("""
                {"type": "record", "name": "DeployFinished", "namespace": "com.example",
                 "fields": [{"name": "jobTaskId", "type": "string"}]}""");
        GenericRecord fromTheFuture = new GenericData.Record(future);
        fromTheFuture.put("reportId", "future-" + UUID.randomUUID());
        fromTheFuture.put("jobTaskId", "jt-none");
        fromTheFuture.put("updateToken", "whatever");
        fromTheFuture.put("stage", new GenericData.EnumSymbol(future.getField("stage").schema(), "SUCCEEDED"));
        fromTheFuture.put("reportedAt", System.currentTimeMillis());
        fillDefaults(fromTheFuture);
        fromTheFuture.put("rolloutUrl", "https://deploy.example/42");
        GenericRecord ofAnUnknownType = new GenericData.Record(unknown);
        ofAnUnknownType.put("jobTaskId", "jt-none");
        String futureKey = FOREIGN_KEY + "future-" + UUID.randomUUID();
        String unknownKey = FOREIGN_KEY + "unknown-" + UUID.randomUUID();

        byte[] futureBytes = singleObject(fromTheFuture);
        byte[] unknownBytes = singleObject(ofAnUnknownType);
        produce(REPORTS, futureKey, futureBytes, future.getFullName());
        produce(REPORTS, unknownKey, unknownBytes, unknown.getFullName());

        ConsumerRecord<String, byte[]> deadFuture = deadLetter(REPORTS_DLT, r -> futureKey.equals(r.key()));
        ConsumerRecord<String, byte[]> deadUnknown = deadLetter(REPORTS_DLT, r -> unknownKey.equals(r.key()));
        assertThat(header(deadFuture, "kafka_dlt-exception-message")).contains("unknown schema",
                hexOf(SchemaNormalization.parsingFingerprint64(future)));
        assertThat(header(deadUnknown, "kafka_dlt-exception-message")).contains("unknown schema",
                hexOf(SchemaNormalization.parsingFingerprint64(unknown)));
        assertThat(deadFuture.value()).as("the original bytes").isEqualTo(futureBytes);
        assertThat(deadUnknown.value()).isEqualTo(unknownBytes);
        assertThat(header(deadFuture, "kafka_dlt-original-consumer-group")).isEqualTo("task-service");
    }

    @Test
    void aConsumerKnowingOnlyTheEventsDocDecodesEveryRecordTypeOnEveryPublicTopic() throws Exception {
        EventsDoc doc = EventsDoc.read(home);
        exerciseEveryRecordType();

        Map<String, Set<String>> seen = new TreeMap<>();
        int decoded = 0;
        for (ConsumerRecord<String, byte[]> record : readAll(PUBLIC_TOPICS)) {
            if (record.key() != null && record.key().startsWith(FOREIGN_KEY)) {
                continue;
            }
            byte[] value = record.value();
            assertThat(value[0]).as("single-object marker").isEqualTo((byte) 0xC3);
            assertThat(value[1]).isEqualTo((byte) 0x01);
            long fingerprint = ByteBuffer.wrap(value, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            EventsDoc.Published published = doc.byFingerprint.get(fingerprint);
            assertThat(published).as("docs/events.md lists the fingerprint %s of a record on %s",
                    hexOf(fingerprint), record.topic()).isNotNull();
            GenericRecord read = new GenericDatumReader<GenericRecord>(published.schema).read(null,
                    DecoderFactory.get().binaryDecoder(value, 10, value.length - 10, null));
            assertThat(read.getSchema().getName()).isEqualTo(published.type);
            assertThat(doc.typesByTopic.get(record.topic())).as("the doc's types of " + record.topic())
                    .contains(published.type);
            assertThat(header(record, "mflow-type")).isEqualTo(published.schema.getFullName());
            assertThat(header(record, "ce_type")).isEqualTo(published.schema.getFullName() + ".v" + published.version);
            assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
            assertThat(header(record, "content-type")).isEqualTo("application/avro");
            assertThat(header(record, "ce_id")).isNotBlank();
            if (Set.of("/mflow/task-service", "/mflow/pipeline-service", "/mflow/runner-service")
                    .contains(header(record, "ce_source")) && !published.type.equals("JobLogChunk")) {
                assertThat(header(record, "mflow-stored-at")).as("sent by an outbox: " + published.type).isNotBlank();
            }
            seen.computeIfAbsent(record.topic(), t -> new TreeSet<>()).add(published.type);
            decoded++;
        }

        assertThat(decoded).isPositive();
        assertThat(seen.get("mflow.task-events")).contains("PipelineTaskCreated", "PipelineTaskStatusChanged",
                "JobTaskCreated", "JobTaskStatusChanged", "JobTaskGateChanged", "JobTaskRetried");
        assertThat(seen.get("mflow.job-commands")).contains("RunJob", "CancelJob");
        assertThat(seen.get(REPORTS)).contains("JobTaskStatusReported");
        assertThat(seen.get("mflow.pipeline-task-status-reports")).contains("PipelineTaskStatusReported",
                "JobTaskTurnCame");
        assertThat(seen.get("mflow.job-logs")).contains("JobLogChunk");
        assertThat(seen.get("mflow.notify-events")).contains("NotificationDelivered", "NotifyEndpointChanged");
    }

    // ---- runs that make the engine write every record type it can ----

    /**
     * A run with an audit someone denies, a cancel, a webhook, a job's output and a single job run that fails and is
     * retried: PipelineTaskCreated, JobTaskCreated, JobTaskTurnCame, JobTaskGateChanged, JobTaskRetried, RunJob,
     * CancelJob, JobLogChunk, NotificationDelivered, NotifyEndpointChanged (a gone receiver disabled) and every
     * status record on the way.
     */
    private void exerciseEveryRecordType() throws Exception {
        com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        List<String> hooks = new java.util.concurrent.CopyOnWriteArrayList<>();
        receiver.createContext("/hook", exchange -> {
            hooks.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        // a receiver that is gone: after twenty failed deliveries in a row its endpoint is disabled (announced)
        receiver.createContext("/gone", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        receiver.start();
        try {
            String talker = job("talker", "echo \"building $TASK_NAME\"", false);
            String gone = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/gone";
            List<Map<String, Object>> unheard = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Map<String, Object> hookedToTheGone = task("unheard-" + i, talker);
                hookedToTheGone.put("webhooks", List.of(Map.of("url", gone)));
                unheard.add(hookedToTheGone);
            }
            String goneRun = run(pipeline("every-type-gone", List.of(stage("unheard",
                    unheard.toArray(Map[]::new)))));
            String sleeper = job("sleeper", "sleep 60", false);
            String failing = job("failing", "echo \"no luck\"; exit 3", false);
            Map<String, Object> hooked = task("talk", talker);
            hooked.put("webhooks", List.of(Map.of("url", "http://127.0.0.1:" + receiver.getAddress().getPort()
                    + "/hook", "events", List.of("SUCCEEDED"))));
            Map<String, Object> audited = task("audited", talker);
            audited.put("audit", Map.of("auditors", List.of("admin")));
            String talking = run(pipeline("every-type-talk", List.of(stage("talk", hooked))));
            String denied = run(pipeline("every-type-audit", List.of(stage("audit", audited))));
            String canceled = run(pipeline("every-type-cancel", List.of(stage("sleep", task("sleep", sleeper)))));
            String single = mflow.post("/api/v1/job-tasks", Map.of("job", failing), 201).get("id").asString();

            String auditedTask = jobTask(mflow.pipelineTask(denied), "audited").get("id").asString();
            awaitJobTask(auditedTask, t -> "WAITING".equals(t.path("audit").path("stage").asString()));
            mflow.post("/api/v1/job-tasks/" + auditedTask + "/audit", Map.of("decision", "DENY",
                    "comment", "not today"), 200);
            mflow.awaitJobTaskIn(canceled, "ACTIVE", RUN_TIMEOUT);
            mflow.post("/api/v1/pipeline-tasks/" + canceled + "/cancel", Map.of(), 202);
            awaitJobTask(single, t -> "FAILED".equals(t.get("stage").asString()));
            mflow.post("/api/v1/job-tasks/" + single + "/retry", Map.of("reason", "once more"), 202);

            assertThat(mflow.awaitFinished(talking, RUN_TIMEOUT).get("stage").asString()).isEqualTo("SUCCEEDED");
            assertThat(mflow.awaitFinished(denied, RUN_TIMEOUT).get("stage").asString()).isEqualTo("FAILED");
            assertThat(mflow.awaitFinished(canceled, RUN_TIMEOUT).get("stage").asString()).isEqualTo("CANCELED");
            awaitJobTask(single, t -> t.get("attempts").size() == 2 && "FAILED".equals(t.get("stage").asString()));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !hooks.isEmpty());
            String talkTask = jobTask(mflow.pipelineTask(talking), "talk").get("id").asString();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> mflow.get("/api/v1/job-tasks/" + talkTask).path("deliveries").size() == 1);
            assertThat(mflow.awaitFinished(goneRun, RUN_TIMEOUT).get("stage").asString()).isEqualTo("SUCCEEDED");
            MflowClient notify = new MflowClient(engine.baseUri(Service.NOTIFY), engine.adminToken());
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> notify
                    .get("/api/v1/notify/endpoints").toString().contains("\"disabled\":true"));
        } finally {
            receiver.stop(0);
        }
    }

    // ---- a job that hands its final stage to a controller ----

    /** What a manualStatus job handed to its controller: where to report, and with which token. */
    record Handoff(String jobTaskId, String pipelineTaskId, Map<String, String> env) {
    }

    /**
     * Runs a pipeline of two stages whose first job hands its update token and ids to a controller (a file here, as
     * it could be an API call) and waits for the controller's report of its final stage.
     */
    private Handoff runWaitingForAnOutsideReport(String name) throws Exception {
        Path handoffFile = dir.resolve(name + ".handoff");
        Path ledger = dir.resolve(name + ".ledger");
        String deploy = job("deploy-" + name, handingOver(handoffFile), true);
        String verify = job("verify-" + name, "echo verified >> \"" + ledger + "\"", false);
        String pipelineTaskId = run(pipeline("handoff-" + name, List.of(stage("deploy", task("deploy", deploy)),
                stage("verify", task("verify", verify)))));
        Map<String, String> env = handedOver(handoffFile);
        String jobTaskId = env.get("MFLOW_JOB_TASK_ID");
        assertThat(jobTaskId).isEqualTo(jobTask(mflow.pipelineTask(pipelineTaskId), "deploy").get("id").asString());
        assertThat(env).containsEntry("MFLOW_PIPELINE_TASK_ID", pipelineTaskId)
                .containsEntry("MFLOW_KAFKA_BOOTSTRAP_SERVERS", engine.kafkaBootstrap())
                .containsEntry("MFLOW_STATUS_TOPIC", REPORTS)
                .containsEntry("MFLOW_KAFKA_SASL_USERNAME", KafkaPrincipals.REPORTER)
                .hasEntrySatisfying("MFLOW_KAFKA_SASL_PASSWORD", password -> assertThat(engine.kafkaClient(
                        KafkaPrincipals.REPORTER).get("sasl.jaas.config")).contains("password=\"" + password + "\""))
                .containsKey("MFLOW_UPDATE_TOKEN");
        JsonNode waiting = awaitJobTask(jobTaskId, t -> t.path("awaitingReport").asBoolean());
        assertThat(waiting.get("stage").asString()).isEqualTo("ACTIVE");
        assertThat(Files.exists(ledger)).as("the next stage waits").isFalse();
        return new Handoff(jobTaskId, pipelineTaskId, env);
    }

    /** A manualStatus job's script: it hands its environment to a controller (here, a file) and ends. */
    private static String handingOver(Path handoffFile) {
        return "env | grep '^MFLOW_' > \"" + handoffFile + ".tmp\"; mv \"" + handoffFile + ".tmp\" \"" + handoffFile
                + "\"";
    }

    /** What the controller received. */
    private static Map<String, String> handedOver(Path handoffFile) throws IOException {
        org.awaitility.Awaitility.await().atMost(RUN_TIMEOUT).until(() -> Files.exists(handoffFile));
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(handoffFile)) {
            int eq = line.indexOf('=');
            env.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return env;
    }

    private void assertTheRunWentOnWith(Handoff handoff, String message, String detail, Map<String, String> extension)
            throws Exception {
        JsonNode done = mflow.awaitFinished(handoff.pipelineTaskId, RUN_TIMEOUT);
        assertThat(done.get("stage").asString()).isEqualTo("SUCCEEDED");
        assertThat(jobTask(done, "verify").get("stage").asString()).as("the next stage ran").isEqualTo("SUCCEEDED");
        JsonNode deployed = mflow.get("/api/v1/job-tasks/" + handoff.jobTaskId);
        assertThat(deployed.get("stage").asString()).isEqualTo("SUCCEEDED");
        assertThat(deployed.get("message").asString()).isEqualTo(message);
        assertThat(deployed.get("detail").asString()).isEqualTo(detail);
        extension.forEach((k, v) -> assertThat(deployed.get("extension").get(k).asString()).isEqualTo(v));
        assertThat(deployed.get("awaitingReport").asBoolean()).isFalse();
    }

    // ---- the examples, run as a user runs them ----

    record Output(int exitCode, String text) {
    }

    private static Output java(Map<String, String> env, String... args) throws Exception {
        return exec(javaCommand(args), env);
    }

    private static Output javaWithTheJobsLoginOnly(Map<String, String> env, String... args) throws Exception {
        return exec(javaCommand(args), env, false);
    }

    private static List<String> javaCommand(String... args) {
        List<String> command = new ArrayList<>(List.of(Engine.javaBinary(), "-cp",
                home.resolve("launcher/target/lib").toString() + "/*",
                home.resolve("docs/examples/java/ReportStatus.java").toString()));
        command.addAll(List.of(args));
        return command;
    }

    private static Output python(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3",
                home.resolve("docs/examples/python/report_status.py").toString()));
        command.addAll(List.of(args));
        return exec(command, env);
    }

    private static Output exec(List<String> command, Map<String, String> env) throws Exception {
        return exec(command, env, true);
    }

    private static Output exec(List<String> command, Map<String, String> env, boolean clientFile) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // the broker's credentials, as a user gives them: the reporter's to report, the reader's to read dead letters
        if (!clientFile) {
            builder.environment().remove("MFLOW_KAFKA_CONFIG");
        } else if (command.contains("report")) {
            builder.environment().put("MFLOW_KAFKA_CONFIG", engine.kafkaClientFile(KafkaPrincipals.REPORTER).toString());
        } else if (command.contains("dead-letters")) {
            builder.environment().put("MFLOW_KAFKA_CONFIG", engine.kafkaClientFile(KafkaPrincipals.READER).toString());
        }
        builder.environment().putAll(env);
        Path out = Files.createTempFile(dir, "example", ".out");
        Process process = builder.redirectOutput(out.toFile()).start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not end in 3 minutes: " + Files.readString(out));
        }
        return new Output(process.exitValue(), Files.readString(out));
    }

    private static boolean pythonCanReport() throws Exception {
        return whyPythonCannotReport() == null;
    }

    private static void assumePythonCanReport() throws Exception {
        assumeThat(whyPythonCannotReport()).as("the Python example needs /usr/bin/python3 with Debian's python3-avro"
                + " and python3-confluent-kafka (.ci/run installs them with apt-get)").isNull();
    }

    private static String whyPythonCannotReport() throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/python3"))) {
            return "there is no /usr/bin/python3";
        }
        Output imports = exec(List.of("/usr/bin/python3", "-c", "import avro.schema, confluent_kafka"), Map.of());
        return imports.exitCode == 0 ? null : "/usr/bin/python3 cannot import avro and confluent_kafka: " + imports.text;
    }

    // ---- the REST fixtures ----

    private String job(String name, String script, boolean manualStatus) throws Exception {
        Map<String, Object> body = new HashMap<>(Map.of("name", name + "-" + UUID.randomUUID().toString()
                .substring(0, 8), "runnerType", "LOCAL", "runnerSpec", script));
        if (manualStatus) {
            body.put("manualStatus", true);
        }
        return mflow.post("/api/v1/jobs", body, 201).get("id").asString();
    }

    private String pipeline(String name, List<Map<String, Object>> stages) throws Exception {
        return mflow.post("/api/v1/pipelines", Map.of("name", name + "-" + UUID.randomUUID().toString()
                .substring(0, 8), "stages", stages), 201).get("id").asString();
    }

    private String run(String pipelineId) throws Exception {
        return mflow.post("/api/v1/pipelines/" + pipelineId + "/runs", Map.of(), 201).get("id").asString();
    }

    private static Map<String, Object> stage(String name, Map<?, ?>... tasks) {
        return Map.of("name", name, "parallel", false, "tasks", List.of(tasks));
    }

    private static Map<String, Object> task(String name, String jobId) {
        return new HashMap<>(Map.of("name", name, "job", jobId));
    }

    private JsonNode awaitJobTask(String jobTaskId, java.util.function.Predicate<JsonNode> until) throws Exception {
        Instant deadline = Instant.now().plus(RUN_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            JsonNode task = mflow.get("/api/v1/job-tasks/" + jobTaskId);
            if (until.test(task)) {
                return task;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job task " + jobTaskId + " never got there: "
                + mflow.get("/api/v1/job-tasks/" + jobTaskId));
    }

    // ---- Kafka as a user's own tool sees it ----

    private static void produce(String topic, String key, byte[] value, String type) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                new HashMap<String, Object>(engine.kafkaClient(KafkaPrincipals.REPORTER)), new StringSerializer(),
                new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
            record.headers().add("mflow-type", type.getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        }
    }

    private static ConsumerRecord<String, byte[]> deadLetter(String topic,
                                                             java.util.function.Predicate<ConsumerRecord<String, byte[]>> which) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<String, byte[]> record : readAll(List.of(topic))) {
                if (which.test(record)) {
                    return record;
                }
            }
        }
        throw new AssertionError("no such record on " + topic);
    }

    /** Every record on the topics now, from the beginning of each partition. */
    private static List<ConsumerRecord<String, byte[]>> readAll(List<String> topics) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        Map<String, Object> config = new HashMap<>(engine.kafkaClient(KafkaPrincipals.READER));
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = topics.stream().flatMap(t -> consumer.partitionsFor(t).stream())
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))
                    && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    // ---- the contract as docs/events.md and the published .avsc files give it ----

    private static Schema latest(String type) throws IOException {
        Path schemas = home.resolve("schemas/src/main/resources/schemas");
        for (int v = 100; v > 0; v--) {
            Path file = schemas.resolve(type + "-v" + v + ".avsc");
            if (Files.exists(file)) {
                return new Schema.Parser().parse(file.toFile());
            }
        }
        throw new AssertionError("no published " + type);
    }

    /** The next version as it would be written: the current fields and a new one with a default. */
    private static Schema withExtraField(Schema current, String name) {
        List<Schema.Field> fields = new ArrayList<>();
        current.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
        fields.add(new Schema.Field(name, Schema.createUnion(Schema.create(Schema.Type.NULL),
                Schema.create(Schema.Type.STRING)), null, Schema.Field.NULL_DEFAULT_VALUE));
        return Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, fields);
    }

    private static void fillDefaults(GenericRecord record) {
        for (Schema.Field field : record.getSchema().getFields()) {
            if (record.get(field.name()) == null && field.hasDefaultValue()) {
                record.put(field.name(), GenericData.get().getDefaultValue(field));
            }
        }
    }

    private static byte[] singleObject(GenericRecord record) throws IOException {
        ByteBuffer encoded = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), record.getSchema())
                .encode(record);
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        return bytes;
    }

    private static String hexOf(long fingerprint) {
        return Long.toHexString(fingerprint);
    }

    /**
     * What a consumer learns from docs/events.md: each topic's record types (its topic table) and each published
     * schema's fingerprint (its fingerprint table), whose schema it then reads from the .avsc file the row names.
     */
    static final class EventsDoc {

        record Published(String type, int version, Schema schema) {
        }

        private static final Pattern TOPIC_ROW = Pattern.compile("^\\| `(mflow\\.[a-z-]+)` \\|[^|]*\\|([^|]*)\\|");
        private static final Pattern TYPE = Pattern.compile("`([A-Z][A-Za-z]+)`");
        private static final Pattern FINGERPRINT_ROW = Pattern.compile(
                "^\\| `([A-Za-z]+)` \\| (\\d+) \\| `((?:[0-9A-F]{2} ){7}[0-9A-F]{2})` \\|");

        final Map<String, Set<String>> typesByTopic = new HashMap<>();
        final Map<Long, Published> byFingerprint = new HashMap<>();

        static EventsDoc read(Path home) throws IOException {
            EventsDoc doc = new EventsDoc();
            for (String line : Files.readAllLines(home.resolve("docs/events.md"))) {
                Matcher topic = TOPIC_ROW.matcher(line);
                if (topic.find()) {
                    Set<String> types = doc.typesByTopic.computeIfAbsent(topic.group(1), t -> new TreeSet<>());
                    Matcher type = TYPE.matcher(topic.group(2));
                    while (type.find()) {
                        types.add(type.group(1));
                    }
                }
                Matcher row = FINGERPRINT_ROW.matcher(line);
                if (row.find()) {
                    long fingerprint = ByteBuffer.wrap(java.util.HexFormat.ofDelimiter(" ").parseHex(row.group(3)))
                            .order(ByteOrder.LITTLE_ENDIAN).getLong();
                    int version = Integer.parseInt(row.group(2));
                    Schema schema = new Schema.Parser().parse(home.resolve("schemas/src/main/resources/schemas")
                            .resolve(row.group(1) + "-v" + version + ".avsc").toFile());
                    doc.byFingerprint.put(fingerprint, new Published(row.group(1), version, schema));
                }
            }
            assertThat(doc.typesByTopic).as("topics in docs/events.md").containsKeys(PUBLIC_TOPICS.toArray(String[]::new));
            assertThat(doc.byFingerprint).as("fingerprints in docs/events.md").isNotEmpty();
            return doc;
        }
    }
}
