package io.mflow.runner.adapter.local;

import static io.mflow.runner.JobCommandTopics.cancelJob;
import static io.mflow.runner.JobCommandTopics.runJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.mflow.localrunner.process.JobUsers;
import io.mflow.runner.JobCommandTopics;
import io.mflow.schemas.Topics;
import io.mflow.schemas.event.JobLogChunk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.stream.Collectors;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A runner-service running as root, as CI here does, and LOCAL jobs tried as a hostile team member's would be: each
 * runs as a user of its own in a jobs dir outside {@code data/}, so it reads neither the engine's files nor another
 * job's. Skipped only where the build does not run as root (there is nothing to drop then).
 */
@SpringBootTest(properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "mflow.kafka.topic-partitions=1",
        "mflow.runner.kill-grace=1s",
        "mflow.runner.local.job-users=220000-220099",
        "logging.level.org.apache.kafka=WARN",
        "logging.level.kafka=WARN",
        "logging.level.state.change.logger=WARN",
        "logging.level.org.apache.kafka.clients.consumer.internals.ConsumerCoordinator=ERROR"})
@EmbeddedKafka(partitions = 1, topics = {Topics.JOB_COMMANDS, Topics.JOB_TASK_STATUS_REPORTS, "mflow.job-commands.DLT",
        Topics.JOB_LOGS, Topics.TASK_EVENTS})
@ExtendWith(OutputCaptureExtension.class)
class LocalJobIsolationIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String ADMIN_TOKEN = "mflow_admin-token-never-seen-by-jobs";
    private static final String SECRET_KEY = "c2VjcmV0LWtleS1uZXZlci1zZWVuLWJ5LWpvYnM=";
    private static final String VICTIMS_SECRET = "victims-secret-output-5150";
    private static MongoServer mongo;
    private static Path top;
    private static Path data;
    private static Path jobs;
    private static JobCommandTopics topics;

    @Autowired
    MongoTemplate store;

    @DynamicPropertySource
    static void engineLaidOutAsTheLauncherDoes(DynamicPropertyRegistry registry) throws Exception {
        mongo = new MongoServer(new MemoryBackend());
        mongo.enableOplog();
        String uri = mongo.bindAndGetConnectionString();
        top = Files.createTempDirectory("mflow-isolation");
        Files.setPosixFilePermissions(top, PosixFilePermissions.fromString("rwx--x--x"));
        // data/ as the launcher makes it: the admin token and the secret key, the runner's own work dir
        data = Files.createDirectory(top.resolve("data"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Files.setPosixFilePermissions(Files.writeString(data.resolve("admin.token"), ADMIN_TOKEN),
                PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(Files.writeString(data.resolve("secret.key"), SECRET_KEY),
                PosixFilePermissions.fromString("rw-------"));
        jobs = top.resolve("jobs");
        registry.add("spring.mongodb.uri", () -> uri);
        registry.add("mflow.runner.work-dir", () -> data.resolve("runner").toString());
        registry.add("mflow.runner.local.jobs-dir", jobs::toString);
    }

    @BeforeAll
    static void connect(@Autowired EmbeddedKafkaBroker broker) {
        topics = new JobCommandTopics(broker.getBrokersAsString());
    }

    @AfterAll
    static void stop() {
        topics.close();
        mongo.shutdown();
        org.springframework.util.FileSystemUtils.deleteRecursively(top.toFile());
    }

    @Test
    void aJobCanReadNeitherTheEngineSecretsNorAnotherRunningJobsWorkDir(CapturedOutput output) throws Exception {
        assumeThat(JobUsers.runnerIsPrivileged()).as("runner-service drops privileges only when it has them").isTrue();
        topics.send(runJob("jt-victim", "echo " + VICTIMS_SECRET + " > victim-file\n"
                + "echo 'VICTIM=" + VICTIMS_SECRET + "' >> \"$MFLOW_OUTPUT\"\n"
                + "echo " + VICTIMS_SECRET + "\nexec sleep 60\n"));
        await().atMost(TIMEOUT).until(() -> topics.stagesOf("jt-victim").contains("ACTIVE"));
        Path victim = Path.of(execution("jt-victim#1").getString("workDir"));
        await().atMost(TIMEOUT).until(() -> Files.exists(victim.resolve("work/victim-file")));

        topics.send(runJob("jt-thief", String.join("\n",
                "echo \"runs as $(id -u)\"",
                "cat '" + data.resolve("admin.token") + "' || echo DENIED-ADMIN-TOKEN",
                "cat '" + data.resolve("secret.key") + "' || echo DENIED-SECRET-KEY",
                "ls '" + data + "' || echo DENIED-DATA",
                "ls '" + jobs + "' || echo DENIED-JOBS",
                "ls '" + victim.resolve("work") + "' || echo DENIED-VICTIM-DIR",
                "cat '" + victim.resolve("work/victim-file") + "' || echo DENIED-VICTIM-FILE",
                "cat '" + victim.resolve("output") + "' || echo DENIED-VICTIM-OUTPUT",
                "cat '" + victim.resolve("log") + "' || echo DENIED-VICTIM-LOG",
                "cat '" + data.resolve("admin.token") + "' '" + victim.resolve("output") + "' >> \"$MFLOW_OUTPUT\"",
                "env | grep -i secret >> \"$MFLOW_OUTPUT\"",
                "true", "")));

        await().atMost(TIMEOUT).until(() -> topics.stagesOf("jt-thief").contains("SUCCEEDED")
                && topics.logsOf("jt-thief").stream().anyMatch(JobLogChunk::getLast));
        String log = topics.logsOf("jt-thief").stream().map(JobLogChunk::getText).collect(Collectors.joining());
        assertThat(log).contains("DENIED-ADMIN-TOKEN", "DENIED-SECRET-KEY", "DENIED-DATA", "DENIED-JOBS",
                "DENIED-VICTIM-DIR", "DENIED-VICTIM-FILE", "DENIED-VICTIM-OUTPUT", "DENIED-VICTIM-LOG",
                "Permission denied");
        String uid = log.lines().filter(l -> l.startsWith("runs as ")).findFirst().orElseThrow().substring(8);
        assertThat(Integer.parseInt(uid)).as("a job runs as a user other than the runner's").isBetween(220000, 220099);
        assertThat(topics.reportsOf("jt-thief").toString() + log + output.getAll())
                .doesNotContain(ADMIN_TOKEN, SECRET_KEY, VICTIMS_SECRET);

        topics.send(cancelJob("jt-victim", "done"));
        await().atMost(TIMEOUT).until(() -> topics.stagesOf("jt-victim").contains("CANCELED"));
    }

    @Test
    void aJobsRawOutputIsGoneOnceShippedAndItsUserHasNoProcessLeft() throws Exception {
        assumeThat(JobUsers.runnerIsPrivileged()).as("runner-service drops privileges only when it has them").isTrue();
        topics.send(runJob("jt-raw", "echo \"raw line of $(id -u)\"\necho 'RESULT=kept' >> \"$MFLOW_OUTPUT\"\n"
                + "setsid sleep 120 > /dev/null 2>&1 < /dev/null &\n"));

        await().atMost(TIMEOUT).until(() -> topics.stagesOf("jt-raw").contains("SUCCEEDED")
                && topics.logsOf("jt-raw").stream().anyMatch(JobLogChunk::getLast));
        Path dir = Path.of(execution("jt-raw#1").getString("workDir"));
        await().atMost(TIMEOUT).until(() -> !Files.exists(dir));
        assertThat(topics.reportsOf("jt-raw").get(2).value().getOutputs()).containsEntry("RESULT", "kept");
        String line = topics.logsOf("jt-raw").get(0).getText();
        assertThat(line).startsWith("raw line of ");
        int uid = Integer.parseInt(line.substring("raw line of ".length()).trim());
        assertThat(dir.getParent()).as("outside data/").isEqualTo(jobs);
        await().atMost(Duration.ofSeconds(5)).until(() -> ProcessHandle.allProcesses()
                .noneMatch(p -> runsAs(p, uid)));
    }

    /** A zombie (killed, not reaped yet) runs nothing. */
    private static boolean runsAs(ProcessHandle process, int uid) {
        try {
            Path proc = Path.of("/proc", Long.toString(process.pid()));
            String stat = Files.readString(proc.resolve("stat"));
            return !stat.substring(stat.lastIndexOf(')') + 1).trim().startsWith("Z")
                    && Integer.valueOf(uid).equals(Files.getAttribute(proc, "unix:uid"));
        } catch (Exception gone) {
            return false;
        }
    }

    private Document execution(String attemptId) {
        return store.getCollection("executions").find(new Document("_id", attemptId)).first();
    }
}
