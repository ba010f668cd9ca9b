package io.mflow.runner;

import static io.mflow.runner.JobCommandTopics.cancelJob;
import static io.mflow.runner.JobCommandTopics.param;
import static io.mflow.runner.JobCommandTopics.runJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.mflow.platform.aggregate.AggregateChanges;
import io.mflow.platform.kafka.RecordMac;
import io.mflow.runner.app.RecoverExecutions;
import io.mflow.runner.domain.Attempt;
import io.mflow.runner.domain.Execution;
import io.mflow.runner.domain.ExecutionState;
import io.mflow.runner.domain.Report;
import io.mflow.schemas.Topics;
import io.mflow.schemas.command.RunJob;
import io.mflow.schemas.event.JobTaskStatusReported;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "mflow.kafka.topic-partitions=1",
        "mflow.runner.kill-grace=1s",
        "mflow.runner.host=runner-it-host",
        "mflow.runner.status-base-url=http://mflow.example:8080/",
        "logging.level.org.apache.kafka=WARN",
        "logging.level.kafka=WARN",
        "logging.level.state.change.logger=WARN",
        "logging.level.org.apache.kafka.clients.consumer.internals.ConsumerCoordinator=ERROR"})
@EmbeddedKafka(partitions = 1, topics = {Topics.JOB_COMMANDS, Topics.JOB_TASK_STATUS_REPORTS, "mflow.job-commands.DLT",
        Topics.JOB_LOGS, Topics.TASK_EVENTS})
@ExtendWith(OutputCaptureExtension.class)
class JobCommandsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static MongoServer mongo;
    private static Path workDir;
    private static Path scratch;
    private static JobCommandTopics topics;

    @Autowired
    MongoTemplate store;

    @Autowired
    AggregateChanges<Execution, Report> executions;

    @Autowired
    RecoverExecutions recovery;

    @Value("${local.server.port}")
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        mongo = new MongoServer(new MemoryBackend());
        mongo.enableOplog();
        String uri = mongo.bindAndGetConnectionString();
        workDir = Files.createTempDirectory("runner-work");
        scratch = Files.createTempDirectory("runner-scratch");
        // where jobs leave what the tests look at: a runner running as root runs them as users of their own
        Files.setPosixFilePermissions(scratch, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        registry.add("spring.mongodb.uri", () -> uri);
        registry.add("mflow.runner.work-dir", workDir::toString);
    }

    @BeforeAll
    static void connect(@Autowired EmbeddedKafkaBroker broker) {
        topics = new JobCommandTopics(broker.getBrokersAsString());
    }

    @AfterAll
    static void stop() {
        topics.close();
        mongo.shutdown();
        org.springframework.util.FileSystemUtils.deleteRecursively(workDir.toFile());
        org.springframework.util.FileSystemUtils.deleteRecursively(scratch.toFile());
    }

    @Test
    void aRunJobIsReportedCreatingActiveSucceededWithTheOutputsTheScriptWrote() throws Exception {
        topics.send(runJob("jt-ok", """
                echo building
                echo "VERSION=1.2.3" >> "$MFLOW_OUTPUT"
                echo "not an output" >> "$MFLOW_OUTPUT"
                echo " IMAGE = repo/app" >> "$MFLOW_OUTPUT"
                """));

        await().atMost(TIMEOUT).until(() -> topics.stagesOf("jt-ok").contains("SUCCEEDED"));
        List<ConsumerRecord<String, JobTaskStatusReported>> reports = topics.reportsOf("jt-ok");
        assertThat(topics.stagesOf("jt-ok")).containsExactly("CREATING", "ACTIVE", "SUCCEEDED");
        assertThat(reports).allSatisfy(r -> {
            assertThat(r.key()).isEqualTo("pt-jt-ok");
            assertThat(r.value().getPipelineTaskId()).isEqualTo("pt-jt-ok");
            // the report proves the token without carrying it
            assertThat(r.value().getUpdateToken()).startsWith("proof:v1:").doesNotContain("token-jt-ok");
            assertThat(io.mflow.schemas.sealed.ReportProofs.verify(r.value().getUpdateToken(), sha256("token-jt-ok"),
                    r.value().getReportId(), "jt-ok", r.value().getStage().name())).isTrue();
        });
        assertThat(reports).extracting(r -> r.value().getReportId())
                .containsExactly("jt-ok#1:CREATING", "jt-ok#1:ACTIVE", "jt-ok#1:SUCCEEDED");
        assertThat(reports.get(2).value().getOutputs()).containsOnly(
                org.assertj.core.api.Assertions.entry("VERSION", "1.2.3"),
                org.assertj.core.api.Assertions.entry("IMAGE", " repo/app"));
        await().atMost(TIMEOUT).until(() -> execution("jt-ok#1").getList("outbox", Document.class).isEmpty());
        assertThat(execution("jt-ok#1").getString("state")).isEqualTo("FINISHED");
    }

    @Test
    void everyReportOfAJobFromItsClaimToItsEndContinuesTheTraceOfItsRunJob() throws Exception {
        RunJob run = runJob("jt-traced", "echo traced\n");
        // a back-off: the start and the end both happen on threads of their own, after the listener returned
        run.setNotBefore(java.time.Instant.now().plusSeconds(3));
        topics.send(run, "00-" + TRACE + "-00f067aa0ba902b7-01");

        await().atMost(TIMEOUT).until(() -> topics.stagesOf("jt-traced").contains("SUCCEEDED"));
        assertThat(topics.stagesOf("jt-traced")).containsExactly("SCHEDULING", "ACTIVE", "SUCCEEDED");
        assertThat(topics.reportsOf("jt-traced")).extracting(JobCommandsIT::traceIdOf).containsOnly(TRACE);
    }

    @Test
    void aRecoveredExecutionReportsInTheTraceOfTheRunJobThatStartedIt() {
        // as a runner that claimed it in a trace and died before starting it left it, owned by no live instance
        String kept = "00-" + TRACE + "-b7ad6b7169203331-01";
        Attempt attempt = new Attempt("jt-recovered#1", "jt-recovered", "pt-jt-recovered", "LOCAL", "echo again\n",
                List.of(), JobCommandTopics.SEALED.seal("token-jt-recovered",
                io.mflow.schemas.sealed.SealedPlace.updateToken("jt-recovered", 1)), false).inTrace(kept);
        executions.create(new Execution(attempt, ExecutionState.CLAIMED, null, null, null), List.of());

        recovery.recover(); // from a thread in no trace at all, as on a restart

        await().atMost(TIMEOUT).until(() -> topics.stagesOf("jt-recovered").contains("SUCCEEDED"));
        assertThat(topics.stagesOf("jt-recovered")).containsExactly("ACTIVE", "SUCCEEDED");
        assertThat(topics.reportsOf("jt-recovered")).extracting(JobCommandsIT::traceIdOf).containsOnly(TRACE);
        assertThat(execution("jt-recovered#1").getString("traceparent")).isEqualTo(kept);
    }

    private static String traceIdOf(ConsumerRecord<String, JobTaskStatusReported> report) {
        org.apache.kafka.common.header.Header traceparent = report.headers().lastHeader("traceparent");
        assertThat(traceparent).as("traceparent of " + report.value().getReportId()).isNotNull();
        return new String(traceparent.value(), StandardCharsets.UTF_8).split("-")[1];
    }

    @Test
    void aManualStatusJobThatExitsZeroIsActiveWithItsOutputsUntilItsTimeoutFailsIt() throws Exception {
        Path env = scratch.resolve("manual-env.txt");
        RunJob run = runJob("jt-manual-timeout", "env | grep '^MFLOW_' | grep -v TOKEN > '" + env + "'\n"
                + "echo IMAGE=app:1 >> \"$MFLOW_OUTPUT\"\n");
        run.setManualStatus(true);
        run.setTimeoutMillis(2_000L);
        topics.send(run);

        await().atMost(TIMEOUT).until(() -> topics.stagesOf("jt-manual-timeout").contains("FAILED"));
        List<ConsumerRecord<String, JobTaskStatusReported>> reports = topics.reportsOf("jt-manual-timeout");
        assertThat(reports).extracting(r -> r.value().getReportId()).containsExactly("jt-manual-timeout#1:CREATING",
                "jt-manual-timeout#1:ACTIVE", "jt-manual-timeout#1:ACTIVE:awaiting", "jt-manual-timeout#1:FAILED");
        JobTaskStatusReported awaiting = reports.get(2).value();
        assertThat(awaiting.getAwaitingReport()).isTrue();
        assertThat(awaiting.getOutputs()).containsEntry("IMAGE", "app:1");
        assertThat(awaiting.getMessage())
                .isEqualTo("the job's process ended; waiting for an outside report of its final stage");
        assertThat(reports.get(3).value().getMessage()).startsWith("timed out waiting for an outside report");
        assertThat(Files.readAllLines(env)).contains(
                "MFLOW_STATUS_URL=http://mflow.example:8080/api/v1/job-tasks/jt-manual-timeout/status",
                "MFLOW_PIPELINE_TASK_ID=pt-jt-manual-timeout", "MFLOW_JOB_TASK_ID=jt-manual-timeout")
                .noneMatch(line -> line.startsWith("MFLOW_KAFKA_BOOTSTRAP_SERVERS=")
                        || line.startsWith("MFLOW_STATUS_TOPIC="));
    }

    @Test
    void theTasksEndAnnouncedOnTheTaskEventsSettlesAnAwaitingAttemptSoItsTimeoutReportsNothing() throws Exception {
        RunJob run = runJob("jt-manual-done", "echo IMAGE=app:2 >> \"$MFLOW_OUTPUT\"\n");
        run.setManualStatus(true);
        run.setTimeoutMillis(3_000L);
        topics.send(run);
        await().atMost(TIMEOUT).until(() -> topics.reportsOf("jt-manual-done").stream()
                .anyMatch(r -> r.value().getAwaitingReport()));

        topics.sendTaskEvent("pt-jt-manual-done", io.mflow.schemas.event.JobTaskStatusChanged.newBuilder()
                .setEventId("jt-manual-done:4").setJobTaskId("jt-manual-done").setJobTaskName("build")
                .setPipelineTaskId("pt-jt-manual-done").setPreviousStage(io.mflow.schemas.common.Stage.ACTIVE)
                .setStage(io.mflow.schemas.common.Stage.SUCCEEDED).setOccurredAt(java.time.Instant.now())
                .setAttempt(1).build());

        await().atMost(TIMEOUT).until(() -> "FINISHED".equals(execution("jt-manual-done#1").getString("state")));
        Thread.sleep(4_000);
        assertThat(topics.stagesOf("jt-manual-done")).containsExactly("CREATING", "ACTIVE", "ACTIVE");
    }

    @Test
    void aSealedSensitiveParamReachesTheScriptPlainAndNowhereElse(CapturedOutput output) throws Exception {
        Path secretFile = scratch.resolve("secret.txt");
        Path tokenFile = scratch.resolve("token.txt");
        RunJob run = runJob("jt-secret", "printf '%s' \"$DB_PASSWORD\" > '" + secretFile + "'\n"
                + "printf '%s|%s|%s' \"$MFLOW_UPDATE_TOKEN\" \"$MFLOW_JOB_TASK_ID\" \"$GIT_BRANCH\" > '" + tokenFile + "'\n"
                + "echo \"PASSWORD_LENGTH=${#DB_PASSWORD}\" >> \"$MFLOW_OUTPUT\"\n");
        run.setParams(List.of(param("jt-secret", "DB_PASSWORD", "hunter2-very-secret", true), param("GIT_BRANCH", "main", false),
                param("not-a-var", "x", false)));
        topics.send(run);

        await().atMost(TIMEOUT).until(() -> topics.stagesOf("jt-secret").contains("SUCCEEDED"));
        assertThat(Files.readString(secretFile)).isEqualTo("hunter2-very-secret");
        assertThat(Files.readString(tokenFile)).isEqualTo("token-jt-secret|jt-secret|main");
        assertThat(topics.reportsOf("jt-secret")).allSatisfy(r -> assertThat(r.value().toString())
                .doesNotContain("hunter2-very-secret"));
        assertThat(execution("jt-secret#1").toJson()).doesNotContain("hunter2-very-secret").doesNotContain("token-jt-secret");
        assertThat(output.getAll()).doesNotContain("hunter2-very-secret").doesNotContain("token-jt-secret");
    }

    @Test
    void aScriptThatExitsWithThreeFailsWithItsExitCodeAndTheEndOfItsLog() throws Exception {
        topics.send(runJob("jt-exit3", "echo 'compiling'\necho 'error: missing semicolon' >&2\nexit 3\n"));

        await().atMost(TIMEOUT).until(() -> topics.stagesOf("jt-exit3").contains("FAILED"));
        assertThat(topics.stagesOf("jt-exit3")).containsExactly("CREATING", "ACTIVE", "FAILED");
        String message = topics.reportsOf("jt-exit3").get(2).value().getMessage();
        assertThat(message).startsWith("exit code 3").contains("error: missing semicolon");
        assertThat(topics.reportsOf("jt-exit3").get(2).value().getExitCode()).isEqualTo(3);
        assertThat(topics.reportsOf("jt-exit3")).allSatisfy(r -> assertThat(r.value().getRunner())
                .isEqualTo("LOCAL@runner-it-host"));
    }

    @Test
    void anAttemptWithABackOffWaitsScheduledUntilItsTimeAndThenRuns() throws Exception {
        Path startedAt = scratch.resolve("backoff-started");
        RunJob run = runJob("jt-backoff", "date +%s%3N > '" + startedAt + "'\n");
        java.time.Instant notBefore = java.time.Instant.now().plusMillis(1500);
        run.setNotBefore(notBefore);
        topics.send(run);

        await().atMost(TIMEOUT).until(() -> topics.stagesOf("jt-backoff").contains("SCHEDULING"));
        assertThat(topics.reportsOf("jt-backoff").get(0).value().getMessage())
                .isEqualTo("waits until " + notBefore.truncatedTo(java.time.temporal.ChronoUnit.MILLIS) + " to start");
        await().atMost(TIMEOUT).until(() -> topics.stagesOf("jt-backoff").contains("SUCCEEDED"));
        assertThat(topics.stagesOf("jt-backoff")).containsExactly("SCHEDULING", "ACTIVE", "SUCCEEDED");
        assertThat(Long.parseLong(Files.readString(startedAt).trim())).isGreaterThanOrEqualTo(notBefore.toEpochMilli());
    }

    @Test
    void aCancelDuringTheBackOffMeansTheAttemptNeverRuns() throws Exception {
        Path marker = scratch.resolve("backoff-canceled-ran");
        RunJob run = runJob("jt-backoff-cancel", "touch '" + marker + "'\n");
        run.setNotBefore(java.time.Instant.now().plusMillis(1500));
        topics.send(run);
        await().atMost(TIMEOUT).until(() -> topics.stagesOf("jt-backoff-cancel").contains("SCHEDULING"));

        topics.send(cancelJob("jt-backoff-cancel", "not needed any more"));

        await().atMost(TIMEOUT).until(() -> topics.stagesOf("jt-backoff-cancel").contains("CANCELED"));
        Thread.sleep(2000); // past the back-off: the start it had scheduled must find the attempt canceled
        assertThat(marker).doesNotExist();
        assertThat(topics.stagesOf("jt-backoff-cancel")).containsExactly("SCHEDULING", "CANCELED");
    }

    @Test
    void aJobsOutputIsPublishedAsItComesInWholeLinesWithItsSecretsMaskedAndEndsWithALastChunk() throws Exception {
        RunJob run = runJob("jt-logs", "echo \"first line\"\necho \"key=$API_KEY\" >&2\nsleep 1\n"
                + "printf 'second\\nthird without end'\n");
        run.setParams(List.of(param("jt-logs", "API_KEY", "key-0123456789", true)));
        topics.send(run);

        await().atMost(TIMEOUT).until(() -> topics.logsOf("jt-logs").stream().anyMatch(c -> c.getLast()));
        List<io.mflow.schemas.event.JobLogChunk> chunks = topics.logsOf("jt-logs");
        StringBuilder whole = new StringBuilder();
        chunks.forEach(c -> whole.append(c.getText()));
        assertThat(whole.toString()).isEqualTo("first line\nkey=******\nsecond\nthird without end");
        assertThat(chunks.size()).as("lines came while the job ran, not all at its end").isGreaterThan(1);
        assertThat(chunks.get(0).getText()).isEqualTo("first line\nkey=******\n");
        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.getAttempt()).isEqualTo(1);
            assertThat(c.getText()).doesNotContain("key-0123456789");
        });
        assertThat(chunks.stream().filter(c -> c.getLast())).hasSize(1);
        assertThat(chunks.get(chunks.size() - 1).getLast()).isTrue();
    }

    @Test
    void theLogTailOfAFailedJobNeverShowsASensitiveParam() throws Exception {
        RunJob run = runJob("jt-echo-secret", "echo \"password is $API_KEY\" >&2\nexit 1\n");
        run.setParams(List.of(param("jt-echo-secret", "API_KEY", "key-0123456789", true)));
        topics.send(run);

        await().atMost(TIMEOUT).until(() -> topics.stagesOf("jt-echo-secret").contains("FAILED"));
        assertThat(topics.reportsOf("jt-echo-secret").get(2).value().getMessage())
                .isEqualTo("exit code 1\npassword is ******");
    }

    @Test
    void aDryRunIsReportedThroughToSucceededWithoutRunningTheScript() throws Exception {
        Path marker = scratch.resolve("dry-run-ran");
        RunJob run = runJob("jt-dry", "touch '" + marker + "'\n");
        run.setDryRun(true);
        topics.send(run);

        await().atMost(TIMEOUT).until(() -> topics.stagesOf("jt-dry").contains("SUCCEEDED"));
        assertThat(topics.stagesOf("jt-dry")).containsExactly("CREATING", "ACTIVE", "SUCCEEDED");
        assertThat(marker).doesNotExist();
        assertThat(topics.reportsOf("jt-dry").get(2).value().getMessage()).isEqualTo("dry run: nothing ran");
    }

    @Test
    void aDryRunSaysWhatItsCommandNoted() throws Exception {
        RunJob run = runJob("jt-dry-note", "true\n");
        run.setDryRun(true);
        run.setDryRunNote("APP_VERSION from output of build");
        topics.send(run);

        await().atMost(TIMEOUT).until(() -> topics.stagesOf("jt-dry-note").contains("SUCCEEDED"));
        assertThat(topics.reportsOf("jt-dry-note").get(2).value().getMessage())
                .isEqualTo("dry run: nothing ran; APP_VERSION from output of build");
    }

    @Test
    void theSameRunJobDeliveredTwiceRunsTheScriptOnce() throws Exception {
        Path ledger = scratch.resolve("ledger.txt");
        RunJob run = runJob("jt-twice", "echo ran >> '" + ledger + "'\n");
        topics.send(run);
        topics.send(run);
        // Same key, so the marker is consumed after both copies.
        RunJob marker = runJob("jt-twice-marker", "true");
        topics.send(run.getPipelineTaskId(), marker);

        await().atMost(TIMEOUT).until(() -> topics.stagesOf("jt-twice-marker").contains("SUCCEEDED")
                && topics.stagesOf("jt-twice").contains("SUCCEEDED"));
        assertThat(Files.readAllLines(ledger)).containsExactly("ran");
        assertThat(topics.stagesOf("jt-twice")).containsExactly("CREATING", "ACTIVE", "SUCCEEDED");
    }

    @Test
    void cancelingARunningJobReportsCanceledAndKillsItsProcess() throws Exception {
        Path pidFile = scratch.resolve("sleeper.pid");
        topics.send(runJob("jt-cancel", "echo $$ > '" + pidFile + "'\nexec sleep 60\n"));
        await().atMost(TIMEOUT).until(() -> topics.stagesOf("jt-cancel").contains("ACTIVE")
                && Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
        long sleeper = Long.parseLong(Files.readString(pidFile).trim());
        assertThat(ProcessHandle.of(sleeper)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());

        topics.send(cancelJob("jt-cancel", "user canceled"));

        await().atMost(TIMEOUT).until(() -> topics.stagesOf("jt-cancel").contains("CANCELED"));
        await().atMost(TIMEOUT).until(() -> ProcessHandle.of(sleeper).map(p -> !p.isAlive()).orElse(true));
        assertThat(topics.stagesOf("jt-cancel")).containsExactly("CREATING", "ACTIVE", "CANCELED");
        assertThat(topics.reportsOf("jt-cancel").get(2).value().getMessage()).isEqualTo("user canceled");
        assertThat(execution("jt-cancel#1").getString("state")).isEqualTo("CANCELED");
    }

    @Test
    void aJobsRawOutputFilesAreGoneOnceTheirMaskedCopyIsShipped() throws Exception {
        RunJob run = runJob("jt-raw", "echo \"key=$API_KEY\"\necho \"KEY_LENGTH=${#API_KEY}\" >> \"$MFLOW_OUTPUT\"\n");
        run.setParams(List.of(param("jt-raw", "API_KEY", "raw-secret-in-a-file", true)));
        topics.send(run);

        await().atMost(TIMEOUT).until(() -> topics.stagesOf("jt-raw").contains("SUCCEEDED")
                && topics.logsOf("jt-raw").stream().anyMatch(c -> c.getLast()));
        Path dir = Path.of(execution("jt-raw#1").getString("workDir"));
        await().atMost(TIMEOUT).until(() -> !Files.exists(dir.resolve("log")) && !Files.exists(dir.resolve("output")));
        assertThat(topics.logsOf("jt-raw").get(0).getText()).isEqualTo("key=******\n");
        assertThat(topics.reportsOf("jt-raw").get(2).value().getOutputs()).containsEntry("KEY_LENGTH", "20");
    }

    @Test
    void aCancelBeforeTheRunJobMeansTheRunJobNeverRuns() throws Exception {
        Path marker = scratch.resolve("canceled-ran");
        topics.send(cancelJob("jt-early-cancel", null));
        await().atMost(TIMEOUT).until(() -> topics.stagesOf("jt-early-cancel").contains("CANCELED"));

        RunJob run = runJob("jt-early-cancel", "touch '" + marker + "'\n");
        topics.send(run);
        topics.send(run.getPipelineTaskId(), runJob("jt-early-cancel-marker", "true"));

        await().atMost(TIMEOUT).until(() -> topics.stagesOf("jt-early-cancel-marker").contains("SUCCEEDED"));
        assertThat(marker).doesNotExist();
        assertThat(topics.stagesOf("jt-early-cancel")).containsExactly("CANCELED");
        assertThat(topics.reportsOf("jt-early-cancel").get(0).key()).isEqualTo("pt-jt-early-cancel");
    }

    @Test
    void anUnknownRunnerTypeFailsTheAttemptWithoutStoppingTheRunner() throws Exception {
        RunJob run = runJob("jt-nomad", "job \"build\" {}");
        run.setRunnerType("NOMAD_JOB");
        topics.send(run);

        await().atMost(TIMEOUT).until(() -> topics.stagesOf("jt-nomad").contains("FAILED"));
        assertThat(topics.stagesOf("jt-nomad")).containsExactly("CREATING", "FAILED");
        assertThat(topics.reportsOf("jt-nomad").get(1).value().getMessage()).isEqualTo("unknown runner type NOMAD_JOB");
    }

    @Test
    void garbageOnTheCommandTopicGoesToTheDeadLetterTopicAndTheNextCommandStillRuns() throws Exception {
        byte[] garbage = "definitely not avro".getBytes(StandardCharsets.UTF_8);
        topics.sendRaw("pt-garbage", garbage);
        topics.send("pt-garbage", runJob("jt-after-garbage", "true"));

        await().atMost(TIMEOUT).until(() -> topics.stagesOf("jt-after-garbage").contains("SUCCEEDED"));
        await().atMost(TIMEOUT).until(() -> topics.deadLetters().stream().anyMatch(r -> "pt-garbage".equals(r.key())));
        ConsumerRecord<String, byte[]> dead = topics.deadLetters().stream()
                .filter(r -> "pt-garbage".equals(r.key())).findFirst().orElseThrow();
        assertThat(dead.value()).isEqualTo(garbage);
        assertThat(new String(dead.headers().lastHeader("kafka_dlt-exception-stacktrace").value(), StandardCharsets.UTF_8))
                .contains("not an Avro single-object encoded record");
    }

    /**
     * A developer who can write commands copies task A's sealed password (from a topic or a backup) into a RunJob of
     * task B, whose script would print it: the value does not open for B, so the command is dead-lettered with the
     * reason and nothing runs or is reported; the plain secret is nowhere.
     */
    @Test
    void aSensitiveParamSealedForAnotherTaskDoesNotOpenAndRunsNothing(CapturedOutput output) throws Exception {
        Path leak = scratch.resolve("leak-b.txt");
        RunJob ofTaskA = runJob("jt-sealed-a", "true");
        ofTaskA.setParams(List.of(param("jt-sealed-a", "DB_PASSWORD", "hunter2-of-task-a", true)));
        RunJob ofTaskB = runJob("jt-sealed-b", "printf '%s' \"$DB_PASSWORD\" > '" + leak + "'\n");
        ofTaskB.setParams(List.of(new io.mflow.schemas.common.RunParam("DB_PASSWORD",
                ofTaskA.getParams().get(0).getValue(), false, true, false, null, List.of())));
        topics.send("pt-sealed-b", ofTaskB);

        await().atMost(TIMEOUT).until(() -> topics.deadLetters().stream().anyMatch(r -> "pt-sealed-b".equals(r.key())));
        ConsumerRecord<String, byte[]> dead = topics.deadLetters().stream()
                .filter(r -> "pt-sealed-b".equals(r.key())).findFirst().orElseThrow();
        assertThat(new String(dead.headers().lastHeader("kafka_dlt-exception-message").value(), StandardCharsets.UTF_8))
                .contains("does not open at job task param 'DB_PASSWORD'").contains("sealed for another place");
        Thread.sleep(1000);
        assertThat(topics.stagesOf("jt-sealed-b")).as("nothing ran, nothing was reported").isEmpty();
        assertThat(leak).doesNotExist();
        assertThat(output.getAll()).doesNotContain("hunter2-of-task-a");
        dead.headers().forEach(h -> assertThat(new String(h.value(), StandardCharsets.UTF_8))
                .doesNotContain("hunter2-of-task-a"));
    }

    /** The token of a task's first attempt, copied into a command of its second, does not open there. */
    @Test
    void anUpdateTokenSealedForAnEarlierAttemptDoesNotOpenForALaterOne() throws Exception {
        RunJob second = runJob("jt-token-attempt", "true");
        second.setAttemptId("jt-token-attempt#2");
        topics.send("pt-token-attempt", second); // runJob seals the token for attempt 1
        await().atMost(TIMEOUT).until(() -> topics.deadLetters().stream()
                .anyMatch(r -> "pt-token-attempt".equals(r.key())));
        ConsumerRecord<String, byte[]> dead = topics.deadLetters().stream()
                .filter(r -> "pt-token-attempt".equals(r.key())).findFirst().orElseThrow();
        assertThat(new String(dead.headers().lastHeader("kafka_dlt-exception-message").value(), StandardCharsets.UTF_8))
                .contains("does not open at update token 'attempt 2'");
        assertThat(topics.stagesOf("jt-token-attempt")).isEmpty();
    }

    @Test
    void aRunJobTheEngineDidNotSignRunsNothingAndIsDeadLetteredSayingWhy() throws Exception {
        Path ran = scratch.resolve("forged-command-ran");
        String script = "touch '" + ran + "'\n";
        // What anyone who may write to the topic can make: the public encoding and a plain token of their choice.
        RunJob unsigned = runJob("jt-forged-unsigned", script);
        unsigned.setUpdateToken("token-jt-forged-unsigned");
        topics.sendAsOutsider(unsigned, null);
        // A MAC, but made with a key that is not this engine's.
        topics.sendAsOutsider(runJob("jt-forged-other-key", script),
                RecordMac.ofSecretKey(io.mflow.schemas.sealed.SealedValues.newKey()));
        // The engine's MAC of a harmless command, on the same command with its script changed.
        topics.sendAltered(runJob("jt-forged-altered", "true"), runJob("jt-forged-altered", script));
        // The engine's own command still runs, after all three on the same partition.
        topics.send(runJob("jt-signed-after-forged", "true"));

        await().atMost(TIMEOUT).until(() -> topics.stagesOf("jt-signed-after-forged").contains("SUCCEEDED"));
        for (String forged : List.of("jt-forged-unsigned", "jt-forged-other-key", "jt-forged-altered")) {
            await().atMost(TIMEOUT).until(() -> topics.deadLetters().stream().anyMatch(r -> ("pt-" + forged).equals(r.key())));
            ConsumerRecord<String, byte[]> dead = topics.deadLetters().stream()
                    .filter(r -> ("pt-" + forged).equals(r.key())).findFirst().orElseThrow();
            assertThat(new String(dead.headers().lastHeader("kafka_dlt-exception-message").value(),
                    StandardCharsets.UTF_8)).as(forged).contains("mflow-mac header");
            assertThat(topics.stagesOf(forged)).as(forged).isEmpty();
            assertThat(execution(forged + "#1")).as(forged).isNull();
        }
        assertThat(ran).doesNotExist();
    }

    @Test
    void aCommandWhoseTokenCannotBeOpenedGoesToTheDeadLetterTopic() throws Exception {
        RunJob run = runJob("jt-foreign-key", "true");
        run.setUpdateToken(new io.mflow.schemas.sealed.SealedValues(
                io.mflow.schemas.sealed.SealedValues.newKey()).seal("token", io.mflow.schemas.sealed.SealedPlace.updateToken("jt-foreign-key", 1)));
        topics.send("pt-foreign", run);

        await().atMost(TIMEOUT).until(() -> topics.deadLetters().stream().anyMatch(r -> "pt-foreign".equals(r.key())));
        assertThat(topics.stagesOf("jt-foreign-key")).isEmpty();
    }

    @Test
    void healthAnswersAnyoneWithItsStatusOnly() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"UP\"").doesNotContain("components", "clusterId");
    }

    private Document execution(String attemptId) {
        return store.getCollection("executions").find(new Document("_id", attemptId)).first();
    }

    private static String sha256(String value) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
