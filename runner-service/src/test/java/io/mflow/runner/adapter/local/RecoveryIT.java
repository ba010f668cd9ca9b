package io.mflow.runner.adapter.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.mflow.localrunner.process.WorkDir;
import io.mflow.runner.JobCommandTopics;
import io.mflow.schemas.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A runner was killed (kill -9) with attempts in every state; its store and work dirs are as it left them. This
 * runner starts on them and must report each attempt's true end, once.
 */
@SpringBootTest(properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "mflow.kafka.topic-partitions=1",
        "mflow.runner.lost-grace=500ms",
        "logging.level.org.apache.kafka=WARN",
        "logging.level.kafka=WARN",
        "logging.level.state.change.logger=WARN",
        "logging.level.org.apache.kafka.clients.consumer.internals.ConsumerCoordinator=ERROR"})
@EmbeddedKafka(partitions = 1, topics = {Topics.JOB_COMMANDS, Topics.JOB_TASK_STATUS_REPORTS, "mflow.job-commands.DLT"})
class RecoveryIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static MongoServer mongo;
    private static Path root;
    private static Path scratch;
    private static Process survivor;
    private static JobCommandTopics topics;

    @Autowired
    MongoTemplate store;

    @DynamicPropertySource
    static void leftByAKilledRunner(DynamicPropertyRegistry registry) throws Exception {
        mongo = new MongoServer(new MemoryBackend());
        mongo.enableOplog();
        String uri = mongo.bindAndGetConnectionString();
        root = Files.createTempDirectory("runner-recovery").toAbsolutePath();
        scratch = Files.createTempDirectory("runner-recovery-scratch");
        registry.add("spring.mongodb.uri", () -> uri);
        registry.add("mflow.runner.work-dir", root::toString);
        // the jobs dir is where the killed runner left them; a runner running as root runs the job it starts as a
        // user of its own, who must reach its dir and the scratch it writes to
        registry.add("mflow.runner.local.jobs-dir", root::toString);
        Files.setPosixFilePermissions(root, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        Files.setPosixFilePermissions(scratch, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        long deadPid = deadPid();

        try (MongoClient client = MongoClients.create(uri)) {
            MongoCollection<Document> executions = client.getDatabase("mflow-runner").getCollection("executions");

            // Ended while the runner was down: the exit file is there, no report was sent yet.
            WorkDir finished = workDir("rec-finished", "true");
            claimedBy(finished, deadPid);
            Files.writeString(finished.outputFile(), "RESULT=ok\n");
            Files.writeString(finished.path().resolve("exit"), "0\n");
            executions.insertOne(execution("rec-finished", "RUNNING", deadPid, finished, List.of()));

            // Still running, detached: it ends only when the test lets it.
            Path release = scratch.resolve("release");
            WorkDir running = workDir("rec-running",
                    "while [ ! -f '" + release + "' ]; do sleep 0.1; done\necho DONE=yes >> \"$MFLOW_OUTPUT\"\n");
            ProcessBuilder detached = new ProcessBuilder("setsid", "/bin/sh", running.wrapperScript().toString())
                    .directory(running.path().toFile());
            detached.environment().put("MFLOW_OUTPUT", running.outputFile().toString());
            survivor = detached.start();
            survivor.getOutputStream().close();
            while (running.pid().isEmpty()) {
                Thread.sleep(10);
            }
            executions.insertOne(execution("rec-running", "RUNNING", running.pid().get(), running, List.of()));

            // Claimed, CREATING sent, then the runner died before starting the process.
            executions.insertOne(execution("rec-claimed", "CLAIMED", null, null, List.of()));

            // The process took the attempt but vanished without an exit code (e.g. the machine rebooted).
            WorkDir lost = workDir("rec-lost", "true");
            claimedBy(lost, deadPid);
            executions.insertOne(execution("rec-lost", "RUNNING", deadPid, lost, List.of()));

            // Started and ended, but the runner died before it even recorded the start.
            WorkDir unrecorded = workDir("rec-unrecorded", "true");
            claimedBy(unrecorded, deadPid);
            Files.writeString(unrecorded.logFile(), "boom\n");
            Files.writeString(unrecorded.path().resolve("exit"), "3\n");
            executions.insertOne(execution("rec-unrecorded", "CLAIMED", null, null, List.of()));

            // Finished and written, but the relay never sent the report.
            executions.insertOne(execution("rec-unsent", "FINISHED", deadPid, null, List.of(
                    new Document("id", "rec-unsent#1:SUCCEEDED").append("stage", "SUCCEEDED")
                            .append("outputs", new Document("X", "1")).append("reportedAt", new Date()))));
        }
    }

    @BeforeAll
    static void connect(@Autowired EmbeddedKafkaBroker broker) {
        topics = new JobCommandTopics(broker.getBrokersAsString());
    }

    @AfterAll
    static void stop() {
        survivor.descendants().forEach(ProcessHandle::destroyForcibly);
        survivor.destroyForcibly();
        topics.close();
        mongo.shutdown();
        org.springframework.util.FileSystemUtils.deleteRecursively(root.toFile());
        org.springframework.util.FileSystemUtils.deleteRecursively(scratch.toFile());
    }

    @Test
    void eachAttemptLeftByAKilledRunnerIsReportedWithItsTrueEndExactlyOnce() throws Exception {
        await().atMost(TIMEOUT).until(() -> topics.stagesOf("rec-finished").contains("SUCCEEDED")
                && topics.stagesOf("rec-claimed").contains("SUCCEEDED")
                && topics.stagesOf("rec-lost").contains("FAILED")
                && topics.stagesOf("rec-unrecorded").contains("FAILED")
                && topics.stagesOf("rec-unsent").contains("SUCCEEDED")
                && topics.stagesOf("rec-running").contains("ACTIVE") == false);
        assertThat(topics.stagesOf("rec-running")).as("still running, so not reported yet").isEmpty();

        Files.writeString(scratch.resolve("release"), "go");
        await().atMost(TIMEOUT).until(() -> topics.stagesOf("rec-running").contains("SUCCEEDED"));
        await().atMost(TIMEOUT).until(() -> store.getCollection("executions")
                .countDocuments(new Document("outbox.0", new Document("$exists", true))) == 0);

        assertThat(topics.stagesOf("rec-finished")).containsExactly("SUCCEEDED");
        assertThat(topics.reportsOf("rec-finished").get(0).value().getOutputs()).containsEntry("RESULT", "ok");
        assertThat(topics.stagesOf("rec-running")).containsExactly("SUCCEEDED");
        assertThat(topics.reportsOf("rec-running").get(0).value().getOutputs()).containsEntry("DONE", "yes");
        assertThat(topics.stagesOf("rec-claimed")).containsExactly("ACTIVE", "SUCCEEDED");
        assertThat(Files.readAllLines(scratch.resolve("ledger"))).containsExactly("ran");
        assertThat(topics.stagesOf("rec-lost")).containsExactly("FAILED");
        assertThat(topics.reportsOf("rec-lost").get(0).value().getMessage()).isEqualTo("execution lost");
        assertThat(topics.stagesOf("rec-unrecorded")).containsExactly("ACTIVE", "FAILED");
        assertThat(topics.reportsOf("rec-unrecorded").get(1).value().getMessage()).isEqualTo("exit code 3\nboom");
        assertThat(topics.stagesOf("rec-unsent")).containsExactly("SUCCEEDED");
        assertThat(topics.reportsOf("rec-unsent").get(0).key()).isEqualTo("pt-rec-unsent");
        for (String attempt : List.of("rec-finished", "rec-running", "rec-claimed", "rec-lost", "rec-unrecorded")) {
            assertThat(store.getCollection("executions").find(new Document("_id", attempt + "#1")).first()
                    .getString("state")).as(attempt).isEqualTo("FINISHED");
        }
    }

    private static WorkDir workDir(String jobTaskId, String script) {
        WorkDir dir = WorkDir.of(root, jobTaskId + "#1");
        dir.prepare(script);
        return dir;
    }

    private static void claimedBy(WorkDir dir, long pid) throws Exception {
        Files.createDirectories(dir.path().resolve("claim"));
        Files.writeString(dir.path().resolve("pid"), pid + "\n");
    }

    private static Document execution(String jobTaskId, String state, Long pid, WorkDir dir, List<Document> outbox) {
        String script = "rec-claimed".equals(jobTaskId) ? "echo ran >> '" + scratch.resolve("ledger") + "'\n" : "true";
        return new Document("_id", jobTaskId + "#1")
                .append("jobTaskId", jobTaskId)
                .append("pipelineTaskId", "pt-" + jobTaskId)
                .append("runnerType", "LOCAL")
                .append("runnerSpec", script)
                .append("params", List.of())
                .append("updateToken", JobCommandTopics.SEALED.seal("token-" + jobTaskId,
                        io.mflow.schemas.sealed.SealedPlace.updateToken(jobTaskId, 1)))
                .append("dryRun", false)
                .append("state", state)
                .append("pid", pid)
                .append("workDir", dir == null ? null : dir.path().toString())
                .append("version", 3L)
                .append("outbox", outbox)
                .append("updatedAt", new Date());
    }

    /** A pid that was just in use and is not any more. */
    private static long deadPid() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        return gone.pid();
    }

}
