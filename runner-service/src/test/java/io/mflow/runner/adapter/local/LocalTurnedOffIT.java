package io.mflow.runner.adapter.local;

import static io.mflow.runner.JobCommandTopics.runJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.mflow.runner.JobCommandTopics;
import io.mflow.schemas.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A runner-service with LOCAL turned off, as docker-compose has it: a LOCAL RunJob runs nothing and fails at once. */
@SpringBootTest(properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "mflow.kafka.topic-partitions=1",
        "mflow.runner.local.enabled=false",
        "logging.level.org.apache.kafka=WARN",
        "logging.level.kafka=WARN",
        "logging.level.state.change.logger=WARN",
        "logging.level.org.apache.kafka.clients.consumer.internals.ConsumerCoordinator=ERROR"})
@EmbeddedKafka(partitions = 1, topics = {Topics.JOB_COMMANDS, Topics.JOB_TASK_STATUS_REPORTS, "mflow.job-commands.DLT"})
class LocalTurnedOffIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static MongoServer mongo;
    private static Path workDir;
    private static Path scratch;
    private static JobCommandTopics topics;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        mongo = new MongoServer(new MemoryBackend());
        String uri = mongo.bindAndGetConnectionString();
        workDir = Files.createTempDirectory("runner-off");
        scratch = Files.createTempDirectory("runner-off-scratch");
        Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwxrwxrwx"));
        registry.add("spring.mongodb.uri", () -> uri);
        registry.add("mflow.runner.work-dir", workDir::toString);
        registry.add("mflow.runner.local.jobs-dir", () -> workDir.resolve("jobs").toString());
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
    void aLocalRunJobRunsNothingAndFailsWithTheReason() throws Exception {
        Path marker = scratch.resolve("ran");
        topics.send(runJob("jt-off", "touch '" + marker + "'\n"));

        await().atMost(TIMEOUT).until(() -> topics.stagesOf("jt-off").contains("FAILED"));
        assertThat(topics.stagesOf("jt-off")).containsExactly("CREATING", "FAILED");
        assertThat(topics.reportsOf("jt-off").get(1).value().getMessage())
                .contains("the LOCAL runner is turned off on this runner-service (mflow.runner.local.enabled=false)");
        Thread.sleep(500);
        assertThat(marker).doesNotExist();
        assertThat(workDir.resolve("jobs")).doesNotExist();
    }
}
