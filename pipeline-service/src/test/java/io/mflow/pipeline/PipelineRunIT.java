package io.mflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.mflow.schemas.Topics;
import io.mflow.schemas.command.CancelJob;
import io.mflow.schemas.command.RunJob;
import io.mflow.schemas.common.GateDecision;
import io.mflow.schemas.common.GateKind;
import io.mflow.schemas.common.GateStage;
import io.mflow.schemas.common.RunParam;
import io.mflow.schemas.common.Stage;
import io.mflow.schemas.common.Verdict;
import io.mflow.schemas.event.JobTaskCreated;
import io.mflow.schemas.event.JobTaskGateChanged;
import io.mflow.schemas.event.JobTaskStatusChanged;
import io.mflow.schemas.event.JobTaskStatusReported;
import io.mflow.schemas.event.JobTaskTurnCame;
import io.mflow.schemas.event.PipelineTaskCreated;
import io.mflow.schemas.event.PipelineTaskStatusChanged;
import io.mflow.schemas.event.PipelineTaskStatusReported;
import io.mflow.schemas.event.StagePlan;
import io.mflow.schemas.event.TaskPlan;
import io.mflow.schemas.sealed.SealedPlace;
import io.mflow.schemas.sealed.SealedValues;
import io.mflow.schemas.serde.AvroDeserializer;
import io.mflow.schemas.serde.AvroSerializer;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}")
@EmbeddedKafka(partitions = 3, topics = {Topics.TASK_EVENTS, Topics.TASK_EVENTS + Topics.DEAD_LETTER_SUFFIX,
        Topics.JOB_COMMANDS, Topics.PIPELINE_TASK_STATUS_REPORTS, Topics.JOB_TASK_STATUS_REPORTS})
class PipelineRunIT {

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final List<ConsumerRecord<String, byte[]>> OBSERVED = new CopyOnWriteArrayList<>();
    private static final AvroDeserializer AVRO = new AvroDeserializer();
    private static final AtomicInteger EVENTS = new AtomicInteger();
    private static MongoServer mongoServer;

    @Autowired
    KafkaTemplate<Object, Object> kafka;
    @Autowired
    SealedValues sealedValues;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    MeterRegistry meters;
    @LocalServerPort
    int port;
    @Value("${spring.embedded.kafka.brokers}")
    String brokers;

    @DynamicPropertySource
    static void startMongo(DynamicPropertyRegistry registry) {
        mongoServer = new MongoServer(new MemoryBackend());
        mongoServer.enableOplog();
        String uri = mongoServer.bindAndGetConnectionString();
        registry.add("spring.mongodb.uri", () -> uri);
    }

    @AfterAll
    static void stopMongo() {
        mongoServer.shutdown();
    }

    /** Reads what pipeline-service writes, as any other consumer of those topics would. */
    @TestConfiguration
    static class Observer {
        @Bean
        ObserverListener observerListener() {
            return new ObserverListener();
        }
    }

    static class ObserverListener {
        @KafkaListener(id = "it-observer", groupId = "it-observer",
                topics = {Topics.JOB_COMMANDS, Topics.PIPELINE_TASK_STATUS_REPORTS, Topics.JOB_TASK_STATUS_REPORTS,
                        Topics.TASK_EVENTS + Topics.DEAD_LETTER_SUFFIX},
                properties = "value.deserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer")
        synchronized void on(ConsumerRecord<String, byte[]> record) {
            // A record at an offset already seen is this consumer reading it again after a rebalance, not a second
            // record on the topic: what a test asserts is what the topic holds.
            if (OBSERVED.stream().noneMatch(seen -> seen.topic().equals(record.topic())
                    && seen.partition() == record.partition() && seen.offset() == record.offset())) {
                OBSERVED.add(record);
            }
        }
    }

    @Test
    void aThreeStagePipelineRunsStageByStageAndSucceeds() {
        String run = newRunId();
        String token = sealedValues.seal("token-deploy", SealedPlace.updateToken(jobTaskId(run, "deploy"), 1));
        long handOffsBefore = handOffs();
        publish(run, created(run,
                stage("build", false, task(run, "compile")),
                stage("test", true, task(run, "unit"), ignoringFailure(task(run, "lint")), task(run, "e2e")),
                stage("deploy", false, withParams(task(run, "deploy"), token,
                        new RunParam("APP_VERSION", "", true, false, false, null, List.of()), new RunParam("DB_PASSWORD", sealedValues.seal("s3cret", SealedPlace.jobTaskParam(jobTaskId(run, "deploy"), "DB_PASSWORD")), false, true, false, null, List.of())))));

        RunJob compile = awaitRunJob(run, "compile");
        assertThat(compile.getAttemptId()).isEqualTo(jobTaskId(run, "compile") + "#1");

        publish(run, changed(run, "compile", Stage.ACTIVE, Map.of()));
        publish(run, changed(run, "compile", Stage.SUCCEEDED, Map.of("APP_VERSION", "v1.2.3")));
        // one event, three RunJobs: the parallel stage starts all at once
        awaitRunJob(run, "unit");
        awaitRunJob(run, "lint");
        awaitRunJob(run, "e2e");

        publish(run, changed(run, "unit", Stage.SUCCEEDED, Map.of()));
        publish(run, changed(run, "lint", Stage.FAILED, Map.of()));
        publish(run, changed(run, "e2e", Stage.ACTIVE, Map.of()));
        // one run's events are applied in order: once lint's end is in, so are the events before it
        await().atMost(PATIENCE).until(() -> taskStage(run, "lint").equals("FAILED"));
        assertThat(taskDocument(run, "deploy").getBoolean("dispatched")).as("the stage waits for e2e").isFalse();
        assertThat(runDocument(run).get("conclusion")).as("an ignored failure does not fail the run").isNull();

        publish(run, changed(run, "e2e", Stage.SUCCEEDED, Map.of()));
        RunJob deploy = awaitRunJob(run, "deploy");
        // compile's end started three jobs, e2e's end one; the plan's first RunJob is no hand-off
        await().atMost(PATIENCE).until(() -> handOffs() - handOffsBefore == 4);
        assertThat(deploy.getParams()).extracting(RunParam::getName, RunParam::getValue)
                .contains(org.assertj.core.groups.Tuple.tuple("APP_VERSION", "v1.2.3"));
        assertThat(deploy.getParams().stream().filter(p -> p.getName().equals("DB_PASSWORD")).findFirst().orElseThrow().getValue())
                .as("sensitive values stay sealed").startsWith(SealedValues.PREFIX);
        assertThat(deploy.getUpdateToken()).isEqualTo(token);

        publish(run, changed(run, "deploy", Stage.SUCCEEDED, Map.of()));
        PipelineTaskStatusReported report = awaitReport(run);
        assertThat(report.getStage()).isEqualTo(Stage.SUCCEEDED);
        assertThat(report.getReportId()).isEqualTo(run + ":SUCCEEDED");
        assertThat(runJobs(run)).hasSize(5);
        assertThat(observed(Topics.JOB_COMMANDS, run)).allSatisfy(record -> assertThat(
                new String(record.headers().lastHeader(Topics.TYPE_HEADER).value(), StandardCharsets.UTF_8))
                .isEqualTo(RunJob.getClassSchema().getFullName()));
        await().atMost(PATIENCE).until(() -> runDocument(run).getList("outbox", Document.class).isEmpty());
        assertThat(runDocument(run).get("conclusion", Document.class).getString("stage")).isEqualTo("SUCCEEDED");
    }

    @Test
    void aFailureThatIsNotIgnoredFailsTheRunAndStartsNothingMore() {
        String run = newRunId();
        publish(run, created(run, stage("build", false, task(run, "compile")), stage("deploy", false, task(run, "deploy"))));
        awaitRunJob(run, "compile");

        publish(run, changed(run, "compile", Stage.ACTIVE, Map.of()));
        publish(run, changedWithMessage(run, "compile", Stage.FAILED, "exit code 2"));
        PipelineTaskStatusReported report = awaitReport(run);

        assertThat(report.getStage()).isEqualTo(Stage.FAILED);
        assertThat(report.getMessage()).contains("compile", "build", "exit code 2");
        assertThat(runJobs(run)).extracting(RunJob::getJobTaskName).containsExactly("compile");
        assertThat(taskDocument(run, "deploy").getBoolean("dispatched")).isFalse();
    }

    @Test
    void anAuditedTaskWaitsForItsAuditorsAndItsResultForItsCheckers() {
        String run = newRunId();
        publish(run, created(run, stage("build", false, task(run, "compile")),
                stage("deploy", false, gated(task(run, "deploy"))), stage("verify", false, task(run, "smoke"))));
        awaitRunJob(run, "compile");
        publish(run, changed(run, "compile", Stage.SUCCEEDED, Map.of()));

        JobTaskTurnCame turn = await().atMost(PATIENCE).until(() -> turnsCame(run).stream().findFirst().orElse(null),
                t -> t != null);
        assertThat(turn.getJobTaskId()).isEqualTo(jobTaskId(run, "deploy"));
        assertThat(turn.getReportId()).isEqualTo(jobTaskId(run, "deploy") + ":turn");
        publish(run, gateChanged(run, "deploy", GateKind.AUDIT, GateStage.WAITING, List.of()));
        await().atMost(PATIENCE).until(() -> "WAITING".equals(taskDocument(run, "deploy").getString("audit")));
        assertThat(runJobs(run)).extracting(RunJob::getJobTaskName).containsExactly("compile");

        publish(run, gateChanged(run, "deploy", GateKind.AUDIT, GateStage.PASS,
                List.of(decision("alice", Verdict.PASS, null))));
        awaitRunJob(run, "deploy");
        publish(run, changed(run, "deploy", Stage.SUCCEEDED, Map.of()));
        publish(run, gateChanged(run, "deploy", GateKind.CONFIRM, GateStage.WAITING, List.of()));
        await().atMost(PATIENCE).until(() -> "WAITING".equals(taskDocument(run, "deploy").getString("confirm")));
        assertThat(runJobs(run)).as("the run holds for the checkers").extracting(RunJob::getJobTaskName)
                .containsExactly("compile", "deploy");

        publish(run, gateChanged(run, "deploy", GateKind.CONFIRM, GateStage.DENY,
                List.of(decision("carol", Verdict.DENY, "the canary is red"))));
        PipelineTaskStatusReported report = awaitReport(run);
        assertThat(report.getStage()).isEqualTo(Stage.FAILED);
        assertThat(report.getMessage()).contains("deploy", "not confirmed", "carol", "the canary is red");
        assertThat(runJobs(run)).extracting(RunJob::getJobTaskName).containsExactly("compile", "deploy");
        assertThat(turnsCame(run)).hasSize(1);
    }

    @Test
    void aJobRunOnItsOwnIsDrivenUnderItsOwnIdAndNoPipelineTaskHearsOfIt() {
        String jt = "jt-" + UUID.randomUUID();
        publish(jt, JobTaskCreated.newBuilder().setEventId(jt + ":created").setJobTaskId(jt).setName("solo")
                .setJobName("job-solo").setRunnerType("LOCAL").setRunnerSpec("echo solo").setParams(List.of())
                .setUpdateToken(sealedValues.seal("token-solo", SealedPlace.updateToken(jt, 1))).setDryRun(false).setLabels(Map.of())
                .setAudited(false).setCreatedAt(Instant.now()).build());

        RunJob solo = awaitRunJob(jt, "solo");
        assertThat(solo.getPipelineTaskId()).isNull();
        assertThat(solo.getAttemptId()).isEqualTo(jt + "#1");
        assertThat(observed(Topics.JOB_COMMANDS, jt)).as("keyed by the job task").hasSize(1);

        publish(jt, JobTaskStatusChanged.newBuilder(changed(jt, "solo", Stage.SUCCEEDED, Map.of()))
                .setJobTaskId(jt).setPipelineTaskId(null).build());
        await().atMost(PATIENCE).until(() -> runDocument(jt).get("conclusion") != null);
        assertThat(runDocument(jt).get("conclusion", Document.class).getString("stage")).isEqualTo("SUCCEEDED");
        assertThat(decoded(Topics.PIPELINE_TASK_STATUS_REPORTS, jt)).as("no pipeline task to tell").isEmpty();
    }

    @Test
    void aManualStatusTaskIsCommandedAsSoAndTheRunWaitsForItsFinalStageAsForAnyTask() {
        String run = newRunId();
        TaskPlan deploy = TaskPlan.newBuilder(task(run, "deploy")).setManualStatus(true).build();
        publish(run, created(run, stage("deploy", false, deploy), stage("verify", false, task(run, "verify"))));

        assertThat(awaitRunJob(run, "deploy").getManualStatus()).isTrue();
        publish(run, changed(run, "deploy", Stage.ACTIVE, Map.of()));
        publish(run, changed(run, "deploy", Stage.SUCCEEDED, Map.of("IMAGE", "app:1")));
        RunJob verify = awaitRunJob(run, "verify");
        assertThat(verify.getManualStatus()).isFalse();

        String solo = "jt-" + UUID.randomUUID();
        publish(solo, JobTaskCreated.newBuilder().setEventId(solo + ":created").setJobTaskId(solo).setName("solo")
                .setJobName("job-solo").setRunnerType("LOCAL").setRunnerSpec("echo solo").setParams(List.of())
                .setUpdateToken(sealedValues.seal("token-solo", SealedPlace.updateToken(solo, 1))).setDryRun(false).setLabels(Map.of())
                .setAudited(false).setCreatedAt(Instant.now()).setManualStatus(true).build());
        assertThat(awaitRunJob(solo, "solo").getManualStatus()).isTrue();
    }

    @Test
    void aDuplicateEventStartsNothingTwice() {
        String run = newRunId();
        publish(run, created(run, stage("build", false, task(run, "compile"), task(run, "package"))));
        awaitRunJob(run, "compile");

        JobTaskStatusChanged succeeded = changed(run, "compile", Stage.SUCCEEDED, Map.of());
        publish(run, succeeded);
        publish(run, succeeded);
        awaitRunJob(run, "package");
        publish(run, changed(run, "package", Stage.SUCCEEDED, Map.of()));
        await().atMost(PATIENCE).until(() -> runDocument(run).get("conclusion") != null);

        assertThat(runJobs(run)).extracting(RunJob::getJobTaskName).containsExactly("compile", "package");
    }

    @Test
    void manyRunsAtOnceOnEveryPartitionEachStartTheirJobsOnceAndInOrder() {
        List<String> runs = java.util.stream.IntStream.range(0, 24).mapToObj(i -> newRunId()).toList();
        List<String> names = List.of("one", "two", "three");
        for (String run : runs) {
            publish(run, created(run, stage("s1", false, task(run, "one")), stage("s2", false, task(run, "two")),
                    stage("s3", false, task(run, "three"))));
        }
        // each job's end arrives twice and with an in-between stage before it, as a runner's redelivery would
        for (String name : names) {
            runs.forEach(run -> {
                awaitRunJob(run, name);
                publish(run, changed(run, name, Stage.ACTIVE, Map.of()));
                JobTaskStatusChanged succeeded = changed(run, name, Stage.SUCCEEDED, Map.of());
                publish(run, succeeded);
                publish(run, succeeded);
            });
        }

        await().atMost(PATIENCE).until(() -> runs.stream().allMatch(run -> !decoded(Topics.PIPELINE_TASK_STATUS_REPORTS,
                run).isEmpty()));
        assertThat(runs).allSatisfy(run -> {
            assertThat(runJobs(run)).as("RunJobs at %s", observed(Topics.JOB_COMMANDS, run).stream()
                            .map(r -> r.partition() + "@" + r.offset()).toList())
                    .extracting(RunJob::getJobTaskName).containsExactly("one", "two", "three");
            assertThat(awaitReport(run).getStage()).isEqualTo(Stage.SUCCEEDED);
        });
        assertThat(runs.stream().map(run -> observed(Topics.JOB_COMMANDS, run).get(0).partition()).distinct())
                .as("the runs went through every partition").hasSize(3);
    }

    @Test
    void aCancelStopsEveryUnfinishedTaskAndConcludesCanceledOnceTheyStopped() {
        String run = newRunId();
        publish(run, created(run, stage("test", true, task(run, "unit"), task(run, "e2e")), stage("deploy", false, task(run, "deploy"))));
        awaitRunJob(run, "unit");
        awaitRunJob(run, "e2e");
        publish(run, changed(run, "unit", Stage.ACTIVE, Map.of()));
        publish(run, changed(run, "e2e", Stage.ACTIVE, Map.of()));

        publish(run, cancelRequested(run));
        await().atMost(PATIENCE).until(() -> cancelJobs(run).size() == 3);
        assertThat(cancelJobs(run)).extracting(CancelJob::getJobTaskId)
                .containsExactlyInAnyOrder(jobTaskId(run, "unit"), jobTaskId(run, "e2e"), jobTaskId(run, "deploy"));

        publish(run, changed(run, "unit", Stage.CANCELED, Map.of()));
        await().atMost(PATIENCE).until(() -> taskStage(run, "unit").equals("CANCELED"));
        assertThat(runDocument(run).get("conclusion")).as("e2e still runs").isNull();

        publish(run, changed(run, "e2e", Stage.CANCELED, Map.of()));
        await().atMost(PATIENCE).until(() -> taskStage(run, "e2e").equals("CANCELED"));
        assertThat(runDocument(run).get("conclusion")).as("deploy never started, but its cancel is not answered yet")
                .isNull();

        publish(run, changed(run, "deploy", Stage.CANCELED, Map.of()));
        assertThat(awaitReport(run).getStage()).isEqualTo(Stage.CANCELED);
        assertThat(runJobs(run)).extracting(RunJob::getJobTaskName).containsExactlyInAnyOrder("unit", "e2e");
    }

    @Test
    void aTaskMissingARequiredParamIsReportedFailedWithThePlainTokenInsteadOfRun() {
        String run = newRunId();
        publish(run, created(run, stage("deploy", false,
                withParams(task(run, "deploy"), sealedValues.seal("plain-token-42", SealedPlace.updateToken(jobTaskId(run, "deploy"), 1)), new RunParam("TARGET_HOST", "", true, false, false, null, List.of())))));

        ConsumerRecord<String, byte[]> record = await().atMost(PATIENCE).until(
                () -> observed(Topics.JOB_TASK_STATUS_REPORTS, run).stream().findFirst().orElse(null), r -> r != null);
        JobTaskStatusReported report = (JobTaskStatusReported) AVRO.deserialize(record.topic(), record.value());
        assertThat(record.key()).isEqualTo(run);
        assertThat(report.getReportId()).isEqualTo(jobTaskId(run, "deploy") + "#1:FAILED");
        assertThat(report.getStage()).isEqualTo(Stage.FAILED);
        assertThat(report.getUpdateToken()).startsWith("proof:v1:").doesNotContain("plain-token-42");
        assertThat(io.mflow.schemas.sealed.ReportProofs.verify(report.getUpdateToken(), sha256("plain-token-42"),
                report.getReportId(), report.getJobTaskId(), "FAILED")).isTrue();
        assertThat(report.getMessage()).contains("TARGET_HOST");
        assertThat(runJobs(run)).isEmpty();

        publish(run, changedWithMessage(run, "deploy", Stage.FAILED, report.getMessage()));
        assertThat(awaitReport(run).getStage()).isEqualTo(Stage.FAILED);
    }

    @Test
    void aRecordThePreviousVersionLeftInARunsOutboxIsSentAndRemovedWithTheNextOnes() {
        String earlier = newRunId();
        publish(earlier, created(earlier, stage("build", false, task(earlier, "compile"), task(earlier, "deploy"))));
        awaitRunJob(earlier, "compile");
        await().atMost(PATIENCE).until(() -> runDocument(earlier).getList("outbox", Document.class).isEmpty());
        byte[] runJob = observed(Topics.JOB_COMMANDS, earlier).get(0).value();

        // the run as the previous version stored it: an unsent record under entryId, with its type and no headers
        String run = newRunId();
        Document stored = runDocument(earlier);
        stored.put("_id", run);
        stored.put("outbox", List.of(new Document("entryId", run + ":stored-before").append("topic", Topics.JOB_COMMANDS)
                .append("key", run).append("type", RunJob.getClassSchema().getFullName())
                .append("value", new Binary(runJob)).append("storedAt", new Date())));
        stored.put("outboxPending", true);
        mongo.getCollection("pipeline_runs").insertOne(stored);
        publish(run, JobTaskStatusChanged.newBuilder(changed(earlier, "compile", Stage.SUCCEEDED, Map.of()))
                .setPipelineTaskId(run).build());

        List<ConsumerRecord<String, byte[]>> sent = await().atMost(PATIENCE)
                .until(() -> observed(Topics.JOB_COMMANDS, run), records -> records.size() == 2);
        assertThat(sent.get(0).value()).isEqualTo(runJob);
        assertThat(new String(sent.get(0).headers().lastHeader(Topics.TYPE_HEADER).value(), StandardCharsets.UTF_8))
                .isEqualTo(RunJob.getClassSchema().getFullName());
        assertThat(runJobs(run)).extracting(job -> job.getJobTaskName().toString()).containsExactly("compile", "deploy");
        await().atMost(PATIENCE).until(() -> runDocument(run).getList("outbox", Document.class).isEmpty()
                && !runDocument(run).containsKey("outboxPending"));
    }

    @Test
    void anUndecodableRecordGoesToTheDeadLetterTopicAndTheConsumerGoesOn() {
        String poison = newRunId();
        kafka.send(Topics.TASK_EVENTS, poison, "not avro at all".getBytes(StandardCharsets.UTF_8));

        ConsumerRecord<String, byte[]> dead = await().atMost(PATIENCE).until(
                () -> observed(Topics.TASK_EVENTS + Topics.DEAD_LETTER_SUFFIX, poison).stream().findFirst().orElse(null), r -> r != null);
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("not avro at all");
        assertThat(dead.headers().lastHeader("kafka_dlt-exception-message")).isNotNull();

        String run = newRunId();
        publish(run, created(run, stage("build", false, task(run, "compile"))));
        awaitRunJob(run, "compile");
    }

    @Test
    void aJobTaskStatusChangedTheEngineDidNotWriteMovesNoRunAndSendsNoRunJob() throws Exception {
        String run = newRunId();
        publish(run, created(run, stage("build", false, task(run, "compile")), stage("deploy", false, task(run, "deploy"))));
        awaitRunJob(run, "compile");

        // Someone who may write to the topic but holds no engine key says compile succeeded, encoded as the engine
        // would, to have deploy started.
        try (KafkaProducer<String, byte[]> outsider = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers), new StringSerializer(), new ByteArraySerializer())) {
            RecordHeaders headers = new RecordHeaders();
            byte[] forged = new AvroSerializer().serialize(Topics.TASK_EVENTS, headers,
                    changed(run, "compile", Stage.SUCCEEDED, Map.of()));
            outsider.send(new ProducerRecord<>(Topics.TASK_EVENTS, null, run, forged, headers)).get();
        }

        ConsumerRecord<String, byte[]> dead = await().atMost(PATIENCE).until(
                () -> observed(Topics.TASK_EVENTS + Topics.DEAD_LETTER_SUFFIX, run).stream().findFirst().orElse(null),
                r -> r != null);
        assertThat(new String(dead.headers().lastHeader("kafka_dlt-exception-message").value(), StandardCharsets.UTF_8))
                .contains("no mflow-mac header");
        assertThat(taskStage(run, "compile")).isNotEqualTo("SUCCEEDED");
        assertThat(taskDocument(run, "deploy").getBoolean("dispatched")).isFalse();
        assertThat(runJobs(run)).extracting(job -> job.getJobTaskName().toString()).containsExactly("compile");

        // The engine's own word still moves it.
        publish(run, changed(run, "compile", Stage.SUCCEEDED, Map.of()));
        awaitRunJob(run, "deploy");
    }

    @Test
    void healthAnswersAnyoneWithItsStatusOnly() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"UP\"").doesNotContain("components", "clusterId");
    }

    private long handOffs() {
        return meters.get("mflow.stage.handoff").timer().count();
    }

    // --- inputs, as task-service would publish them

    private static String newRunId() {
        return "pt-" + UUID.randomUUID();
    }

    @Test
    void aRunJobContinuesTheTraceOfTheRecordThatCausedIt() {
        String run = newRunId();
        String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
        ProducerRecord<Object, Object> plan = new ProducerRecord<>(Topics.TASK_EVENTS, null, run,
                created(run, stage("build", false, task(run, "compile"))));
        plan.headers().add("traceparent", ("00-" + trace + "-00f067aa0ba902b7-01").getBytes(StandardCharsets.UTF_8));
        kafka.send(plan).join();

        awaitRunJob(run, "compile");
        ConsumerRecord<String, byte[]> runJob = observed(Topics.JOB_COMMANDS, run).get(0);
        assertThat(traceIdOf(runJob)).as("one run is one trace across services").isEqualTo(trace);
        assertThat(runJob.headers().lastHeader("traceparent").value())
                .as("a span of its own in that trace, not the caller's")
                .isNotEqualTo(("00-" + trace + "-00f067aa0ba902b7-01").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aRecordLeftInAnOutboxByACrashIsSentLaterInTheTraceThatWroteIt() {
        String earlier = newRunId();
        publish(earlier, created(earlier, stage("build", false, task(earlier, "compile"), task(earlier, "deploy"))));
        awaitRunJob(earlier, "compile");
        await().atMost(PATIENCE).until(() -> runDocument(earlier).getList("outbox", Document.class).isEmpty());
        byte[] runJob = observed(Topics.JOB_COMMANDS, earlier).get(0).value();

        // the run as an instance stored it just before it was killed: its RunJob written in a trace, never sent
        String run = newRunId();
        String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        Document stored = runDocument(earlier);
        stored.put("_id", run);
        stored.put("outbox", List.of(new Document("id", run + ":stored-before-the-crash")
                .append("topic", Topics.JOB_COMMANDS).append("key", run)
                .append("headers", new Document(Topics.TYPE_HEADER, RunJob.getClassSchema().getFullName())
                        .append("traceparent", traceparent).append("tracestate", "mflow=crash"))
                .append("value", new Binary(runJob)).append("storedAt", new Date())));
        stored.put("outboxPending", true);
        mongo.getCollection("pipeline_runs").insertOne(stored);
        // the next instance's first write to the run reads its outbox (as its sweep would)
        publish(run, JobTaskStatusChanged.newBuilder(changed(earlier, "compile", Stage.SUCCEEDED, Map.of()))
                .setPipelineTaskId(run).build());

        ConsumerRecord<String, byte[]> sent = await().atMost(PATIENCE)
                .until(() -> observed(Topics.JOB_COMMANDS, run), records -> records.size() == 2).get(0);
        assertThat(sent.value()).isEqualTo(runJob);
        assertThat(new String(sent.headers().lastHeader("traceparent").value(), StandardCharsets.UTF_8))
                .isEqualTo(traceparent);
        assertThat(new String(sent.headers().lastHeader("tracestate").value(), StandardCharsets.UTF_8))
                .isEqualTo("mflow=crash");
    }

    private static String traceIdOf(ConsumerRecord<String, byte[]> record) {
        org.apache.kafka.common.header.Header traceparent = record.headers().lastHeader("traceparent");
        assertThat(traceparent).as("traceparent header of " + record.topic()).isNotNull();
        return new String(traceparent.value(), StandardCharsets.UTF_8).split("-")[1];
    }

    private static String jobTaskId(String run, String name) {
        return run + "-" + name;
    }

    private void publish(String run, SpecificRecord event) {
        kafka.send(Topics.TASK_EVENTS, run, event).join();
    }

    private static PipelineTaskCreated created(String run, StagePlan... stages) {
        return PipelineTaskCreated.newBuilder().setEventId(run + ":created").setPipelineTaskId(run).setPipelineId("p-1")
                .setPipelineName("demo").setDryRun(false).setLabels(Map.of("team", "core")).setStages(List.of(stages))
                .setCreatedAt(Instant.now()).build();
    }

    private static StagePlan stage(String name, boolean parallel, TaskPlan... tasks) {
        return StagePlan.newBuilder().setName(name).setParallel(parallel).setTasks(List.of(tasks)).build();
    }

    private TaskPlan task(String run, String name) {
        return TaskPlan.newBuilder().setJobTaskId(jobTaskId(run, name)).setName(name).setJobName("job-" + name)
                .setRunnerType("LOCAL").setRunnerSpec("echo " + name).setIgnoreFailed(false).setSkip(false)
                .setParams(List.of()).setUpdateToken(sealedValues.seal("token-" + name, SealedPlace.updateToken(jobTaskId(run, name), 1))).setWebhooks(List.of()).build();
    }

    private static TaskPlan gated(TaskPlan task) {
        return TaskPlan.newBuilder(task).setAudited(true).setConfirmed(true).build();
    }

    private static JobTaskGateChanged gateChanged(String run, String name, GateKind gate, GateStage stage,
                                                  List<GateDecision> decisions) {
        return JobTaskGateChanged.newBuilder().setEventId(jobTaskId(run, name) + ":" + EVENTS.incrementAndGet())
                .setJobTaskId(jobTaskId(run, name)).setJobTaskName(name).setPipelineTaskId(run).setStageName("any")
                .setGate(gate).setStage(stage).setDecisions(decisions).setOccurredAt(Instant.now()).build();
    }

    private static GateDecision decision(String by, Verdict verdict, String comment) {
        return GateDecision.newBuilder().setBy(by).setDecision(verdict).setComment(comment).setAt(Instant.now()).build();
    }

    private static TaskPlan ignoringFailure(TaskPlan task) {
        return TaskPlan.newBuilder(task).setIgnoreFailed(true).build();
    }

    private static TaskPlan withParams(TaskPlan task, String sealedToken, RunParam... params) {
        return TaskPlan.newBuilder(task).setUpdateToken(sealedToken).setParams(List.of(params)).build();
    }

    private static JobTaskStatusChanged changed(String run, String name, Stage stage, Map<String, String> outputs) {
        return JobTaskStatusChanged.newBuilder().setEventId(jobTaskId(run, name) + ":" + EVENTS.incrementAndGet())
                .setJobTaskId(jobTaskId(run, name)).setJobTaskName(name).setPipelineTaskId(run).setStageName("any")
                .setPreviousStage(Stage.PENDING).setStage(stage).setMessage(null).setOutputs(outputs)
                .setOccurredAt(Instant.now()).build();
    }

    private static JobTaskStatusChanged changedWithMessage(String run, String name, Stage stage, String message) {
        return JobTaskStatusChanged.newBuilder(changed(run, name, stage, Map.of())).setMessage(message).build();
    }

    private static PipelineTaskStatusChanged cancelRequested(String run) {
        return PipelineTaskStatusChanged.newBuilder().setEventId(run + ":canceling").setPipelineTaskId(run)
                .setPipelineId("p-1").setPipelineName("demo").setPreviousStage(Stage.ACTIVE).setStage(Stage.CANCELING)
                .setOccurredAt(Instant.now()).build();
    }

    // --- what a user observes: records on the topics and the document in the store

    private static List<ConsumerRecord<String, byte[]>> observed(String topic, String key) {
        return OBSERVED.stream().filter(r -> r.topic().equals(topic) && key.equals(r.key())).toList();
    }

    private static List<SpecificRecord> decoded(String topic, String key) {
        return observed(topic, key).stream().map(r -> AVRO.deserialize(r.topic(), r.value())).toList();
    }

    private static List<RunJob> runJobs(String run) {
        return decoded(Topics.JOB_COMMANDS, run).stream().filter(RunJob.class::isInstance).map(RunJob.class::cast).toList();
    }

    private static List<CancelJob> cancelJobs(String run) {
        return decoded(Topics.JOB_COMMANDS, run).stream().filter(CancelJob.class::isInstance).map(CancelJob.class::cast).toList();
    }

    private static RunJob awaitRunJob(String run, String name) {
        return await().atMost(PATIENCE).until(
                () -> runJobs(run).stream().filter(job -> job.getJobTaskName().equals(name)).findFirst().orElse(null), job -> job != null);
    }

    private static PipelineTaskStatusReported awaitReport(String run) {
        return await().atMost(PATIENCE).until(() -> decoded(Topics.PIPELINE_TASK_STATUS_REPORTS, run).stream()
                .filter(PipelineTaskStatusReported.class::isInstance).map(PipelineTaskStatusReported.class::cast)
                .findFirst().orElse(null), report -> report != null);
    }

    private static List<JobTaskTurnCame> turnsCame(String run) {
        return decoded(Topics.PIPELINE_TASK_STATUS_REPORTS, run).stream().filter(JobTaskTurnCame.class::isInstance)
                .map(JobTaskTurnCame.class::cast).toList();
    }

    private Document runDocument(String run) {
        return mongo.getCollection("pipeline_runs").find(new Document("_id", run)).first();
    }

    private Document taskDocument(String run, String name) {
        return runDocument(run).getList("tasks", Document.class).stream()
                .filter(task -> task.getString("jobTaskId").equals(jobTaskId(run, name))).findFirst().orElseThrow();
    }

    private String taskStage(String run, String name) {
        return taskDocument(run, name).getString("stage");
    }

    private static String sha256(String value) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
