package io.mflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class RunViewTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:10Z");

    @Test
    void aRunIsDrawnStageByStageWithEachTasksStatusAttemptDurationAndWhoMustDecide() {
        List<String> lines = RunView.draw(run("ACTIVE"), List.of(
                task("jt-1", "SUCCEEDED", 1, "\"startedAt\":\"2026-12-07T10:00:00Z\",\"finishedAt\":\"2026-12-07T10:00:03Z\""),
                task("jt-2", "ACTIVE", 2, "\"startedAt\":\"2026-12-07T09:58:00Z\""),
                task("jt-3", "PENDING", 1, "\"audit\":{\"stage\":\"WAITING\",\"auditors\":[\"alice\",\"bob\"]}")), NOW);

        assertThat(lines).containsExactly(
                "Run pt-1 of ship: ACTIVE",
                "STAGE            JOB TASK  STATUS     ATTEMPT  DURATION  ID    NOTE",
                "build            build     SUCCEEDED  1        3s        jt-1  -",
                "test (parallel)  unit      ACTIVE     2        2m10s     jt-2  -",
                "                 deploy    PENDING    1        -         jt-3  audit waits for alice, bob");
    }

    @Test
    void withoutATerminalEachChangeIsALineAndWhatDidNotChangeIsNotRepeated() {
        Map<String, String> seen = RunView.newSeen();
        List<JsonNode> pending = List.of(task("jt-1", "PENDING", 1, ""), task("jt-2", "PENDING", 1, ""),
                task("jt-3", "PENDING", 1, ""));
        List<JsonNode> failed = List.of(task("jt-1", "FAILED", 1,
                        "\"message\":\"exit code 3\",\"startedAt\":\"2026-12-07T10:00:00Z\",\"finishedAt\":\"2026-12-07T10:00:01Z\""),
                task("jt-2", "PENDING", 1, ""), task("jt-3", "PENDING", 1, ""));

        assertThat(RunView.changes(run("ACTIVE"), pending, NOW, seen)).hasSize(4);
        assertThat(RunView.changes(run("ACTIVE"), pending, NOW, seen)).isEmpty();
        assertThat(RunView.changes(run("FAILED"), failed, NOW, seen)).containsExactly(
                "build/build FAILED attempt 1 1s (exit code 3) jt-1", "Run pt-1 of ship: FAILED");
    }

    @Test
    void durationsAreAsPreciseAsAPersonCares() {
        assertThat(RunView.shown(Duration.ofMillis(850))).isEqualTo("850ms");
        assertThat(RunView.shown(Duration.ofSeconds(12))).isEqualTo("12s");
        assertThat(RunView.shown(Duration.ofSeconds(185))).isEqualTo("3m05s");
        assertThat(RunView.shown(Duration.ofMinutes(62))).isEqualTo("1h02m");
    }

    @Test
    void aRunsExitCodeSaysHowItEnded() {
        assertThat(ExitCodes.ofRun("SUCCEEDED")).isZero();
        assertThat(ExitCodes.ofRun("SKIPPED")).isZero();
        assertThat(ExitCodes.ofRun("FAILED")).isEqualTo(1);
        assertThat(ExitCodes.ofRun("CANCELED")).isEqualTo(2);
        assertThat(List.of(ExitCodes.REFUSED, ExitCodes.UNREACHABLE, ExitCodes.NOT_SIGNED_IN, ExitCodes.USAGE,
                ExitCodes.SOFTWARE)).as("no other outcome is mistaken for a run's end").doesNotContain(0, 1, 2)
                .doesNotHaveDuplicates();
    }

    private static JsonNode run(String stage) {
        return json("{\"id\":\"pt-1\",\"pipelineName\":\"ship\",\"stage\":\"" + stage + "\",\"stages\":["
                + "{\"name\":\"build\",\"parallel\":false,\"jobTasks\":[{\"id\":\"jt-1\",\"name\":\"build\"}]},"
                + "{\"name\":\"test\",\"parallel\":true,\"jobTasks\":[{\"id\":\"jt-2\",\"name\":\"unit\"},"
                + "{\"id\":\"jt-3\",\"name\":\"deploy\"}]}]}");
    }

    private static JsonNode task(String id, String stage, int attempt, String more) {
        return json("{\"id\":\"" + id + "\",\"stage\":\"" + stage + "\",\"attempt\":" + attempt
                + (more.isEmpty() ? "" : "," + more) + "}");
    }

    private static JsonNode json(String text) {
        return MflowApi.JSON.readTree(text);
    }
}
