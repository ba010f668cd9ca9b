package io.mflow.task.domain;

import io.mflow.platform.change.Change;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import static io.mflow.task.domain.Stage.*;
import static org.assertj.core.api.Assertions.assertThat;

class JobTaskTransitionsTest {

    private static final Instant NOW = Instant.parse("2026-11-25T06:00:00Z");

    private static final Map<Stage, Set<Stage>> EXPECTED = Map.of(
            PENDING, EnumSet.of(SCHEDULING, CREATING, ACTIVE, FAILED, CANCELING, CANCELED),
            SCHEDULING, EnumSet.of(CREATING, ACTIVE, FAILED, CANCELING, CANCELED),
            CREATING, EnumSet.of(ACTIVE, SUCCEEDED, FAILED, CANCELING, CANCELED),
            ACTIVE, EnumSet.of(SUCCEEDED, FAILED, CANCELING, CANCELED),
            CANCELING, EnumSet.of(CANCELED, FAILED, SUCCEEDED));

    static JobTask jobTaskIn(Stage stage) {
        return new JobTask("jt-1", new JobTaskPlan("build", "compile", "pt-1", "pl-1", "ci", List.of(), false, false,
                false, null, Map.of(), "vera", UpdateTokens.hash("secret-token"), NOW),
                new Attempt(stage, "old message", Map.of("A", "1"), null, null, null, null, false, null, Map.of()),
                Gates.NONE, new JobTaskHistory(List.of(), List.of(), 3));
    }

    static Job job(String name) {
        return new Job("j-" + name, name, "LOCAL", "true", List.of(), NOW, "vera", null, null);
    }

    static StatusReport report(String id, Stage stage, String message, Map<String, String> outputs) {
        return new StatusReport(id, stage, message, outputs, NOW.plusSeconds(5));
    }

    @ParameterizedTest
    @EnumSource(Stage.class)
    void everyEdgeOfTheTableIsAllowedAndNothingElse(Stage from) {
        Set<Stage> allowed = EXPECTED.getOrDefault(from, EnumSet.noneOf(Stage.class));
        for (Stage to : Stage.values()) {
            Change<JobTask, JobTaskEvent> result = jobTaskIn(from).moveTo(to, report("r", to, "m", Map.of()));
            if (to == from || lateStartOfACancel(from, to) || from == SKIPPED) {
                assertThat(result).as(from + "->" + to).isInstanceOf(Change.Unchanged.class);
            } else if (allowed.contains(to)) {
                assertThat(result).as(from + "->" + to).isInstanceOf(Change.Moved.class);
            } else {
                assertThat(result).as(from + "->" + to).isInstanceOf(Change.Refused.class);
            }
        }
    }

    /**
     * A runner that started the job before the cancel reached it says so; that is no news, and no error. So is any
     * news of a task a person skipped (asserted above for every stage).
     */
    private static boolean lateStartOfACancel(Stage from, Stage to) {
        return from == CANCELING && (to == SCHEDULING || to == CREATING || to == ACTIVE);
    }

    @ParameterizedTest
    @EnumSource(value = Stage.class, names = {"CANCELED", "FAILED", "SUCCEEDED", "SKIPPED"})
    void terminalStagesAreFinal(Stage terminal) {
        assertThat(terminal.isComplete()).isTrue();
        assertThat(JobTaskTransitions.from(terminal, JobTaskTransitions.Move.REPORT)).isEmpty();
    }

    @Test
    void onlySucceededAndSkippedAreSuccessful() {
        assertThat(EnumSet.allOf(Stage.class).stream().filter(Stage::isSuccessful))
                .containsExactlyInAnyOrder(SUCCEEDED, SKIPPED);
    }

    @Test
    void aReportOfTheSameStageChangesNothing() {
        assertThat(jobTaskIn(ACTIVE).moveTo(ACTIVE, report("r", ACTIVE, "again", Map.of("B", "2"))))
                .isInstanceOf(Change.Unchanged.class);
    }

    @Test
    void aRejectionNamesBothStages() {
        Change<JobTask, JobTaskEvent> result = jobTaskIn(SUCCEEDED).moveTo(ACTIVE, report("r", ACTIVE, "", Map.of()));
        assertThat(((Change.Refused<JobTask, JobTaskEvent>) result).reason()).contains("SUCCEEDED", "ACTIVE");
    }

    @Test
    void aMoveMergesOutputsSetsTimesAndAnnouncesAChangeWithADerivedId() {
        Change.Moved<JobTask, JobTaskEvent> moved = (Change.Moved<JobTask, JobTaskEvent>) jobTaskIn(ACTIVE)
                .moveTo(SUCCEEDED, report("r-9", SUCCEEDED, "done", Map.of("B", "2")));
        JobTask next = moved.next();
        assertThat(next.stage()).isEqualTo(SUCCEEDED);
        assertThat(next.current().outputs()).containsEntry("A", "1").containsEntry("B", "2");
        assertThat(next.current().finishedAt()).isEqualTo(NOW.plusSeconds(5));
        assertThat(next.current().startedAt()).isEqualTo(NOW.plusSeconds(5));
        assertThat(next.history().transitions()).isEqualTo(4);
        assertThat(next.hasApplied("r-9")).isTrue();
        JobTaskEvent.StatusChanged event = (JobTaskEvent.StatusChanged) moved.events().get(0);
        assertThat(event.eventId()).isEqualTo("jt-1:4");
        assertThat(event.key()).isEqualTo("pt-1");
        assertThat(event.previousStage()).isEqualTo(ACTIVE);
        assertThat(event.stage()).isEqualTo(SUCCEEDED);
        assertThat(event.triggeredBy()).isEqualTo("vera");
    }

    @Test
    void anEmptyMessageKeepsTheLastOne() {
        Change.Moved<JobTask, JobTaskEvent> moved = (Change.Moved<JobTask, JobTaskEvent>) jobTaskIn(PENDING)
                .moveTo(ACTIVE, report("r", ACTIVE, "", Map.of()));
        assertThat(moved.next().current().message()).isEqualTo("old message");
    }

    @Test
    void onlyTheLastFiftyReportIdsAreRemembered() {
        JobTask task = jobTaskIn(PENDING);
        Stage[] path = {SCHEDULING, CREATING, ACTIVE, CANCELING, CANCELED};
        // Walk the longest path many times by rebuilding the task in PENDING with its remembered ids.
        for (int i = 0; i < 60; i++) {
            JobTask pending = task.withCurrent(new Attempt(PENDING, null, Map.of(), null, null, null, null, false,
                    null, Map.of())).withHistory(new JobTaskHistory(List.of(), task.history().appliedReportIds(), 0));
            task = ((Change.Moved<JobTask, JobTaskEvent>) pending.moveTo(path[0],
                    report("r-" + i, path[0], "", Map.of()))).next();
        }
        assertThat(task.history().appliedReportIds()).hasSize(50).contains("r-59").doesNotContain("r-9");
    }

    @Test
    void theTokenIsCheckedAgainstItsHash() {
        JobTask task = jobTaskIn(ACTIVE);
        assertThat(task.acceptsToken("secret-token")).isTrue();
        assertThat(task.acceptsToken("wrong")).isFalse();
        assertThat(task.acceptsToken(null)).isFalse();
        assertThat(task.acceptsToken(task.plan().tokenHash())).isFalse();
    }

    @Test
    void aSkippedTaskIsCreatedFinished() {
        JobTask skipped = JobTask.ofJob("jt-2", job("lint"), new JobTask.Placement("lint", "pt-1", "pl-1", "ci", false,
                true, null, null, null), List.of(), "hash", Map.of(), "vera", NOW);
        assertThat(skipped.stage()).isEqualTo(SKIPPED);
        assertThat(skipped.current().finishedAt()).isEqualTo(NOW);
    }
}
