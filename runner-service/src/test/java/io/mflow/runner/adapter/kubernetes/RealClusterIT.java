package io.mflow.runner.adapter.kubernetes;

import static io.mflow.runner.JobCommandTopics.param;
import static io.mflow.runner.JobCommandTopics.runJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.mflow.runner.JobCommandTopics;
import io.mflow.runner.RunnerServiceApplication;
import io.mflow.schemas.Topics;
import io.mflow.schemas.command.RunJob;
import io.mflow.schemas.event.JobLogChunk;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The reference's busybox test job on a real cluster: runs only where {@code KUBECONFIG} names one (namespace
 * {@code MFLOW_TEST_NAMESPACE}, default {@code default}); the mock-server test covers the same behaviour everywhere.
 */
@EnabledIfEnvironmentVariable(named = "KUBECONFIG", matches = ".+")
class RealClusterIT {

    @Test
    void theBusyboxTestJobRunsOnTheClusterAndReportsItsOutputAndLog() throws Exception {
        String namespace = System.getenv().getOrDefault("MFLOW_TEST_NAMESPACE", "default");
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1, Topics.JOB_COMMANDS,
                Topics.JOB_TASK_STATUS_REPORTS, Topics.JOB_COMMANDS + Topics.DEAD_LETTER_SUFFIX, Topics.JOB_LOGS);
        broker.afterPropertiesSet();
        MongoServer mongo = new MongoServer(new MemoryBackend());
        mongo.enableOplog();
        mongo.bind();
        Path workDir = Files.createTempDirectory("k8s-real");
        String jobTaskId = "jt-real-" + System.currentTimeMillis();
        try (JobCommandTopics topics = new JobCommandTopics(broker.getBrokersAsString());
             ConfigurableApplicationContext runner = new SpringApplicationBuilder(RunnerServiceApplication.class).run(
                     "--server.port=0",
                     "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                     "--spring.mongodb.uri=mongodb://" + mongo.getLocalAddress().getHostString() + ":"
                             + mongo.getLocalAddress().getPort(),
                     "--mflow.kafka.topic-partitions=1",
                     "--mflow.runner.work-dir=" + workDir,
                     "--mflow.runner.kubernetes.clusters.real.kubeconfig=" + System.getenv("KUBECONFIG"),
                     "--mflow.runner.kubernetes.clusters.real.namespace=" + namespace)) {
            String manifest;
            try (var in = getClass().getResourceAsStream("/k8s/test.yml")) {
                manifest = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            RunJob run = runJob(jobTaskId, manifest);
            run.setRunnerType("K8S_JOB");
            run.setParams(List.of(param("COUNT_FROM", "3", false)));
            run.setTimeoutMillis(300_000L);
            topics.send(run);

            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> topics.stagesOf(jobTaskId).contains("SUCCEEDED") || topics.stagesOf(jobTaskId).contains("FAILED"));
            assertThat(topics.stagesOf(jobTaskId)).containsExactly("CREATING", "ACTIVE", "SUCCEEDED");
            var reports = topics.reportsOf(jobTaskId);
            assertThat(reports.get(reports.size() - 1).value().getOutputs()).containsEntry("COUNTED", "3");
            await().atMost(Duration.ofSeconds(30)).until(() -> topics.logsOf(jobTaskId).stream().anyMatch(JobLogChunk::getLast));
            assertThat(topics.logsOf(jobTaskId).stream().map(JobLogChunk::getText).collect(Collectors.joining()))
                    .isEqualTo("3\n2\n1\n");
        } finally {
            mongo.shutdown();
            broker.destroy();
            org.springframework.util.FileSystemUtils.deleteRecursively(workDir.toFile());
        }
    }
}
