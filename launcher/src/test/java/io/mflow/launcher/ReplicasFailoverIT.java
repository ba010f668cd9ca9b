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
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Two instances of every service ({@code --replicas pipeline=2,task=2,notify=2,runner=2}): while runs are in flight,
 * each service's second instance is killed -9 in turn, the next only once work went on after the previous kill.
 * Every run still succeeds and no job does its work twice: each job leaves its job task id in a ledger when done.
 *
 * <p>The second runner-service dies with its machine, its LOCAL jobs with it: the survivor reports them lost once
 * and they run again by policy, as new attempts. One that had done its work before its end could be reported is
 * run again too, once, and shows why: its first attempt was "execution lost".
 */
class ReplicasFailoverIT {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(240);
    private static final int RUNS = 12;

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
        EngineSettings settings = EngineSettings.defaults(home).shifted(5_000, dir.resolve("data"))
                .withReplicas(Service.PIPELINE, 2).withReplicas(Service.TASK, 2).withReplicas(Service.NOTIFY, 2)
                .withReplicas(Service.RUNNER, 2);
        engine = Engine.start(settings);
        mflow = new MflowClient(engine.baseUri(Service.TASK), engine.adminToken());
    }

    @AfterAll
    static void stopEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void runsAllSucceedWithEveryJobRunOnceThoughEachServicesSecondInstanceIsKilledInTurn() throws Exception {
        mflow.post("/api/v1/jobs", Map.of("name", "mark", "runnerType", "LOCAL",
                "runnerSpec", "sleep 1; echo \"$JOB_TASK_ID\" >> \"$LEDGER\"",
                "params", List.of(Map.of("name", "LEDGER", "value", ledger.toString()))), 201);
        String pipeline = mflow.post("/api/v1/pipelines", Map.of("name", "four-stages", "stages", List.of(
                Map.of("name", "build", "tasks", List.of(Map.of("name", "compile", "job", "mark"))),
                Map.of("name", "test", "tasks", List.of(Map.of("name", "unit", "job", "mark"))),
                Map.of("name", "package", "tasks", List.of(Map.of("name", "image", "job", "mark"))),
                Map.of("name", "ship", "tasks", List.of(Map.of("name", "deploy", "job", "mark"))))),
                201).get("id").asString();
        List<Service> victims = List.of(Service.PIPELINE, Service.TASK, Service.NOTIFY, Service.RUNNER);

        List<String> runs = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            runs.add(mflow.post("/api/v1/pipelines/" + pipeline + "/runs", Map.of(), 201).get("id").asString());
        }
        int seen = awaitLedgerLines(RUNS / 2);
        for (Service victim : victims) {
            // the REST calls go to the first instances, which stay up: the second is the one that dies
            if (victim == Service.RUNNER) {
                engine.killRunnerReplicaWithJobs(1);
            } else {
                engine.killReplica(victim, engine.settings().port(victim, 1));
            }
            seen = awaitLedgerLines(seen + RUNS / 3);
        }

        for (String run : runs) {
            assertThat(mflow.awaitFinished(run, RUN_TIMEOUT).get("stage").asString()).as(run).isEqualTo("SUCCEEDED");
        }
        Map<String, Long> executions = Files.readAllLines(ledger).stream().filter(line -> !line.isBlank())
                .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
        assertThat(executions).as("each job task did its work").hasSize(4 * RUNS);
        for (Map.Entry<String, Long> execution : executions.entrySet()) {
            if (execution.getValue() == 1L) {
                continue;
            }
            // A job whose work was done on the dead runner's machine, but whose end that runner never reported (or
            // one that outlived the kill of its machine's jobs by a moment), is known only as "execution lost": whether
            // it did its work is unknown, so its retry policy runs it again, once (docs/runners.md#replicas).
            JsonNode task = mflow.get("/api/v1/job-tasks/" + execution.getKey());
            assertThat(execution.getValue()).as("%s ran more than once, lost or not: %s", execution.getKey(), task)
                    .isEqualTo(2L);
            assertThat(task.get("attempt").asInt()).as("%s", task).isEqualTo(2);
            assertThat(task.get("attempts").get(0).get("message").asString()).as("%s", task)
                    .isEqualTo("execution lost");
            assertThat(task.get("attempts").get(0).get("retriedBy").asString()).as("%s", task).isEqualTo("mflow");
        }
    }

    /** Waits until the jobs wrote {@code lines} lines: work went on. Returns how many there are. */
    private static int awaitLedgerLines(int lines) throws Exception {
        Instant deadline = Instant.now().plus(RUN_TIMEOUT);
        int now = Files.readAllLines(ledger).size();
        while (now < lines && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            now = Files.readAllLines(ledger).size();
        }
        return now;
    }
}
