package io.mflow.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine on a three-node Kafka cluster ({@code --brokers 3}) loses a broker to kill -9 in the middle of 30 runs:
 * every run still succeeds and no job runs twice. Each job leaves its job task id in a ledger when it runs.
 */
class ClusterBrokerKillIT {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(240);
    private static final int RUNS = 30;

    /** Kept when the test fails: the processes' logs are under data/logs. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path dir;

    static Engine engine;
    static MflowClient mflow;
    static Path ledger;

    @BeforeAll
    static void startEngine() throws Exception {
        Path home = Path.of(System.getProperty("mflow.home", "..")).toAbsolutePath().normalize();
        // run by root, the engine runs LOCAL jobs as users of their own: they write their ledger here
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        ledger = dir.resolve("jobs.ledger");
        Files.writeString(ledger, "");
        Files.setPosixFilePermissions(ledger, PosixFilePermissions.fromString("rw-rw-rw-"));
        engine = Engine.start(EngineSettings.defaults(home).withBrokers(3).shifted(6_000, dir.resolve("data")));
        mflow = new MflowClient(engine.baseUri(Service.TASK), engine.adminToken());
    }

    @AfterAll
    static void stopEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void thirtyRunsAllSucceedWithEveryJobRunOnceThoughABrokerIsKilledInTheirMiddle() throws Exception {
        mflow.post("/api/v1/jobs", Map.of("name", "mark", "runnerType", "LOCAL",
                "runnerSpec", "echo \"$JOB_TASK_ID\" >> \"$LEDGER\"; sleep 1",
                "params", List.of(Map.of("name", "LEDGER", "value", ledger.toString()))), 201);
        String pipeline = mflow.post("/api/v1/pipelines", Map.of("name", "three-jobs", "stages", List.of(
                Map.of("name", "build", "tasks", List.of(Map.of("name", "compile", "job", "mark"))),
                Map.of("name", "check", "parallel", true, "tasks", List.of(Map.of("name", "unit", "job", "mark"),
                        Map.of("name", "lint", "job", "mark"))))), 201).get("id").asString();
        assertThat(replication(io.mflow.schemas.Topics.JOB_COMMANDS))
                .as("every partition on three nodes, a write taken once two have it")
                .isEqualTo("replicas [3], min.insync.replicas 2");

        List<String> runs = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            runs.add(mflow.post("/api/v1/pipelines/" + pipeline + "/runs", Map.of(), 201).get("id").asString());
        }
        awaitLedgerLines(RUNS / 2);
        engine.killBroker(1); // the first of the bootstrap list, and a controller of the quorum

        for (String run : runs) {
            assertThat(mflow.awaitFinished(run, RUN_TIMEOUT).get("stage").asString()).as(run).isEqualTo("SUCCEEDED");
        }
        Map<String, Long> executions = Files.readAllLines(ledger).stream().filter(line -> !line.isBlank())
                .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
        assertThat(executions).as("each job task ran once").hasSize(3 * RUNS).allSatisfy((task, count) ->
                assertThat(count).as(task).isEqualTo(1L));

        engine.restartBroker(1);
        String after = mflow.post("/api/v1/pipelines/" + pipeline + "/runs", Map.of(), 201).get("id").asString();
        assertThat(mflow.awaitFinished(after, RUN_TIMEOUT).get("stage").asString()).isEqualTo("SUCCEEDED");
    }

    /** A topic's replicas per partition and its min.insync.replicas, as the cluster describes them. */
    private static String replication(String topic) throws Exception {
        try (Admin admin = Admin.create(new java.util.HashMap<>(engine.kafkaAdminClient()))) {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(topic);
            var resource = new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.TOPIC, topic);
            String minInSync = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource)
                    .get("min.insync.replicas").value();
            return "replicas " + description.partitions().stream().map(p -> p.replicas().size()).distinct().toList()
                    + ", min.insync.replicas " + minInSync;
        }
    }

    private static void awaitLedgerLines(int lines) throws Exception {
        Instant deadline = Instant.now().plus(RUN_TIMEOUT);
        while (Files.readAllLines(ledger).size() < lines && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
    }
}
