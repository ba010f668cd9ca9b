package io.mflow.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The whole engine is killed in the middle of a run and started again on the same data: the run carries on. */
class EngineCrashIT {

    @TempDir
    Path dir;

    Engine engine;
    EngineSettings settings;
    MflowClient mflow;
    Path ledger;

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void aRunInterruptedByACrashOfTheWholeEngineFinishesWithEveryJobRunOnce() throws Exception {
        String job = start(11_000, "sleep 2; echo \"$TASK_NAME\" >> \"$LEDGER\"");
        String pipeline = mflow.post("/api/v1/pipelines", Map.of("name", "crash", "stages", List.of(
                Map.of("name", "a", "parallel", false, "tasks", List.of(Map.of("name", "a1", "job", job))),
                Map.of("name", "b", "parallel", true, "tasks", List.of(Map.of("name", "b1", "job", job),
                        Map.of("name", "b2", "job", job))),
                Map.of("name", "c", "parallel", false, "tasks", List.of(Map.of("name", "c1", "job", job))))),
                201).get("id").asString();

        String run = mflow.post("/api/v1/pipelines/" + pipeline + "/runs", Map.of(), 201).get("id").asString();
        mflow.awaitJobTaskIn(run, "ACTIVE", Duration.ofSeconds(60));
        engine.crash();
        JsonNode done = startAgain().awaitFinished(run, Duration.ofSeconds(120));

        assertThat(done.get("stage").asString()).isEqualTo("SUCCEEDED");
        assertThat(Files.readAllLines(ledger)).containsExactlyInAnyOrder("a1", "b1", "b2", "c1");
    }

    @Test
    void jobsThatDiedWithTheMachineRunAgainAsNewAttemptsAndTheRunSucceeds() throws Exception {
        String job = start(11_500, "sleep 3; echo \"$TASK_NAME\" >> \"$LEDGER\"");
        String pipeline = mflow.post("/api/v1/pipelines", Map.of("name", "reboot", "stages", List.of(
                Map.of("name", "a", "parallel", false, "tasks", List.of(Map.of("name", "a1", "job", job))),
                Map.of("name", "b", "parallel", false, "tasks", List.of(Map.of("name", "b1", "job", job))))),
                201).get("id").asString();

        String run = mflow.post("/api/v1/pipelines/" + pipeline + "/runs", Map.of(), 201).get("id").asString();
        String interrupted = mflow.awaitJobTaskIn(run, "ACTIVE", Duration.ofSeconds(60));
        engine.crashWithJobs();
        MflowClient after = startAgain();
        JsonNode done = after.awaitFinished(run, Duration.ofSeconds(120));

        assertThat(done.get("stage").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(Files.readAllLines(ledger)).as("every job did its work once").containsExactly("a1", "b1");
        JsonNode task = after.get("/api/v1/job-tasks/" + interrupted);
        assertThat(task.get("stage").asString()).isEqualTo("SUCCEEDED");
        assertThat(task.get("attempt").asInt()).isEqualTo(2);
        assertThat(task.get("attempts").get(0).get("message").asString()).isEqualTo("execution lost");
        assertThat(task.get("attempts").get(0).get("retriedBy").asString()).isEqualTo("mflow");
    }

    /** Starts an engine with its ports shifted by {@code shift} and defines a job that runs {@code script}. */
    private String start(int shift, String script) throws Exception {
        Path home = Path.of(System.getProperty("mflow.home", "..")).toAbsolutePath().normalize();
        settings = EngineSettings.defaults(home).shifted(shift, dir.resolve("data"));
        ledger = dir.resolve("ledger");
        // each attempt appends, as a user of its own where the engine runs as root
        java.nio.file.Files.writeString(ledger, "");
        java.nio.file.Files.setPosixFilePermissions(ledger,
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
        // run by root, the engine runs LOCAL jobs as users of their own: they write their ledgers here
        java.nio.file.Files.setPosixFilePermissions(dir,
                java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        engine = Engine.start(settings);
        mflow = new MflowClient(engine.baseUri(Service.TASK), engine.adminToken());
        return mflow.post("/api/v1/jobs", Map.of("name", "slow", "runnerType", "LOCAL", "runnerSpec", script,
                "params", List.of(Map.of("name", "LEDGER", "value", ledger.toString()))), 201).get("id").asString();
    }

    /** The same command on the same data, after the crash. */
    private MflowClient startAgain() throws Exception {
        engine = Engine.start(settings);
        return new MflowClient(engine.baseUri(Service.TASK), engine.adminToken());
    }
}
