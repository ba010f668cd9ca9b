package io.mflow.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A lane across replicas: the whole engine with two pipeline-service instances, ten runs of one deploy pipeline
 * started at once for one environment. Jobs leave a line in a ledger when they start and when they end, so the test
 * sees what ran when, as an operator would.
 */
class LanesEndToEndIT {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(300);
    private static final int RUNS = 10;

    @TempDir
    static Path dir;

    static Engine engine;
    static MflowClient mflow;
    static int replicaPort;

    @BeforeAll
    static void startEngine() throws Exception {
        Path home = Path.of(System.getProperty("mflow.home", "..")).toAbsolutePath().normalize();
        // run by root, the engine runs LOCAL jobs as users of their own: they write their ledger here
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        engine = Engine.start(EngineSettings.defaults(home).shifted(23_000, dir.resolve("data")));
        replicaPort = engine.settings().port(Service.PIPELINE) + 100;
        engine.startReplica(Service.PIPELINE, replicaPort);
        mflow = new MflowClient(engine.baseUri(Service.TASK), engine.adminToken());
    }

    @AfterAll
    static void stopEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void tenRunsOnOneLaneRunOneAtATimeInTheOrderTheyQueuedAcrossTwoPipelineServicesAndAllEndThoughServicesDie() throws Exception {
        Path ledger = dir.resolve("lane.ledger");
        Files.writeString(ledger, "");
        Files.setPosixFilePermissions(ledger, PosixFilePermissions.fromString("rw-rw-rw-"));
        mflow.post("/api/v1/jobs", Map.of("name", "deploy-lane", "runnerType", "LOCAL",
                "runnerSpec", "echo \"start $PIPELINE_TASK_ID\" >> \"$LEDGER\"; sleep 2;"
                        + " echo \"end $PIPELINE_TASK_ID\" >> \"$LEDGER\"",
                "params", List.of(Map.of("name", "LEDGER", "value", ledger.toString()),
                        Map.of("name", "DEPLOY_ENV"))), 201);
        String pipelineId = mflow.post("/api/v1/pipelines", Map.of("name", "cd-lane",
                "lane", Map.of("param", "DEPLOY_ENV"),
                "stages", List.of(Map.of("name", "ship", "tasks", List.of(Map.of("name", "deploy",
                        "job", "deploy-lane"))))), 201).get("id").asString();
        Map<String, Object> prod = Map.of("params", List.of(Map.of("name", "DEPLOY_ENV", "value", "prod")));

        List<JsonNode> answers = new ArrayList<>();
        ExecutorService callers = Executors.newFixedThreadPool(RUNS);
        try {
            List<Future<JsonNode>> calls = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                calls.add(callers.submit(() -> mflow.post("/api/v1/pipelines/" + pipelineId + "/runs", prod, 201)));
            }
            for (Future<JsonNode> call : calls) {
                answers.add(call.get());
            }
        } finally {
            callers.shutdownNow();
        }

        List<JsonNode> queued = answers.stream().filter(a -> a.get("stage").asString().equals("QUEUED")).toList();
        assertThat(queued).as("all but the first wait: %s", answers).hasSizeGreaterThanOrEqualTo(RUNS - 2);
        assertThat(answers).allMatch(a -> List.of("QUEUED", "ACTIVE").contains(a.get("stage").asString()));
        List<JsonNode> waitingAtOnce = queued.stream().filter(a -> a.has("queuePosition")).toList();
        assertThat(waitingAtOnce).as("each queued run is told where it waits").hasSize(queued.size());

        // In the middle, one pipeline-service dies for good and task-service dies and comes back: a run that ends
        // while task-service is down lets the next go when task-service reads its end.
        java.time.Instant deadline = java.time.Instant.now().plus(RUN_TIMEOUT);
        while (Files.readAllLines(ledger).stream().filter(l -> l.startsWith("start ")).count() < 3
                && java.time.Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
        engine.killReplica(Service.PIPELINE, replicaPort);
        engine.kill(Service.TASK);
        Thread.sleep(3_000);
        engine.restart(Service.TASK);

        List<String> runIds = answers.stream().map(a -> a.get("id").asString()).toList();
        for (String runId : runIds) {
            assertThat(mflow.awaitFinished(runId, RUN_TIMEOUT).get("stage").asString()).isEqualTo("SUCCEEDED");
        }

        List<String> lines = Files.readAllLines(ledger);
        assertThat(lines).as("each run started and ended once").hasSize(2 * RUNS);
        for (int i = 0; i < lines.size(); i += 2) {
            String started = lines.get(i).substring("start ".length());
            assertThat(lines.get(i)).as("never two runs at once on the lane: %s", lines).startsWith("start ");
            assertThat(lines.get(i + 1)).as("never two runs at once on the lane: %s", lines)
                    .isEqualTo("end " + started);
        }
        List<String> startOrder = lines.stream().filter(l -> l.startsWith("start ")).map(l -> l.substring(6)).toList();
        // The runs that were told a position, in that order, started in that order (FIFO); the one that found the
        // lane free started first.
        List<String> byPosition = queued.stream().sorted(Comparator.comparingInt(a -> a.get("queuePosition").asInt()))
                .map(a -> a.get("id").asString()).toList();
        assertThat(startOrder.stream().filter(byPosition::contains).toList()).isEqualTo(byPosition);
    }
}
