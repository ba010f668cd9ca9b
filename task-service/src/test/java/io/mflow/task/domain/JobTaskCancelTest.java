package io.mflow.task.domain;

import io.mflow.platform.change.Change;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

class JobTaskCancelTest {

    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
    private static final Actor ALICE = new Actor("alice");

    private static JobTask taskIn(Stage stage) {
        return JobTaskTransitionsTest.jobTaskIn(stage);
    }

    private static Change.Moved<JobTask, JobTaskEvent> moved(Change<JobTask, JobTaskEvent> transition) {
        assertThat(transition).isInstanceOf(Change.Moved.class);
        return (Change.Moved<JobTask, JobTaskEvent>) transition;
    }

    @Test
    void aTaskAskedToCancelIsCancelingUntilItsRunnerSaysItStopped() {
        for (Stage stage : List.of(Stage.PENDING, Stage.CREATING, Stage.ACTIVE)) {
            Change.Moved<JobTask, JobTaskEvent> canceling = moved(taskIn(stage).cancel(ALICE, "wrong branch", NOW));
            assertThat(canceling.next().stage()).isEqualTo(Stage.CANCELING);
            assertThat(canceling.next().current().message()).isEqualTo("canceled by alice: wrong branch");
            assertThat(canceling.events()).singleElement().isInstanceOfSatisfying(JobTaskEvent.StatusChanged.class,
                    e -> assertThat(e.previousStage()).isEqualTo(stage));
        }
    }

    @Test
    void aTaskThatEndedCannotBeCanceled() {
        for (Stage stage : List.of(Stage.SUCCEEDED, Stage.FAILED, Stage.CANCELED, Stage.SKIPPED)) {
            assertThat(taskIn(stage).cancel(ALICE, null, NOW)).isInstanceOf(Change.Refused.class);
        }
    }

    @Test
    void aCancelAskedTwiceChangesNothing() {
        assertThat(taskIn(Stage.CANCELING).cancel(ALICE, null, NOW)).isInstanceOf(Change.Unchanged.class);
    }

    @Test
    void aStartReportedAfterTheCancelChangesNothingButItsEndCounts() {
        JobTask canceling = taskIn(Stage.CANCELING);
        for (Stage late : List.of(Stage.CREATING, Stage.ACTIVE)) {
            assertThat(canceling.moveTo(late, new StatusReport("r", late, null, Map.of(), NOW)))
                    .isInstanceOf(Change.Unchanged.class);
        }
        assertThat(moved(canceling.moveTo(Stage.CANCELED, new StatusReport("r", Stage.CANCELED, null, Map.of(), NOW)))
                .next().stage()).isEqualTo(Stage.CANCELED);
        assertThat(moved(canceling.moveTo(Stage.SUCCEEDED, new StatusReport("r", Stage.SUCCEEDED, null, Map.of(), NOW)))
                .next().stage()).isEqualTo(Stage.SUCCEEDED);
    }
}
