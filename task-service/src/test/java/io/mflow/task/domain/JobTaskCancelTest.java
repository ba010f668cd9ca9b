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

    private static JobTask taskIn(Status stage) {
        return JobTaskTransitionsTest.jobTaskIn(stage);
    }

    private static Change.Moved<JobTask, JobTaskEvent> moved(Change<JobTask, JobTaskEvent> transition) {
        assertThat(transition).isInstanceOf(Change.Moved.class);
        return (Change.Moved<JobTask, JobTaskEvent>) transition;
    }

    @Test
    void aTaskAskedToCancelIsCancelingUntilItsRunnerSaysItStopped() {
        for (Status stage : List.of(Status.PENDING, Status.CREATING, Status.ACTIVE)) {
            Change.Moved<JobTask, JobTaskEvent> canceling = moved(taskIn(stage).cancel(ALICE, "wrong branch", NOW));
            assertThat(canceling.next().stage()).isEqualTo(Status.CANCELING);
            assertThat(canceling.next().current().message()).isEqualTo("canceled by alice: wrong branch");
            assertThat(canceling.events()).singleElement().isInstanceOfSatisfying(JobTaskEvent.StatusChanged.class,
                    e -> assertThat(e.previousStage()).isEqualTo(stage));
        }
    }

    @Test
    void aTaskThatEndedCannotBeCanceled() {
        for (Status stage : List.of(Status.SUCCEEDED, Status.FAILED, Status.CANCELED, Status.SKIPPED)) {
            assertThat(taskIn(stage).cancel(ALICE, null, NOW)).isInstanceOf(Change.Refused.class);
        }
    }

    @Test
    void aCancelAskedTwiceChangesNothing() {
        assertThat(taskIn(Status.CANCELING).cancel(ALICE, null, NOW)).isInstanceOf(Change.Unchanged.class);
    }

    @Test
    void aStartReportedAfterTheCancelChangesNothingButItsEndCounts() {
        JobTask canceling = taskIn(Status.CANCELING);
        for (Status late : List.of(Status.CREATING, Status.ACTIVE)) {
            assertThat(canceling.moveTo(late, new StatusReport("r", late, null, Map.of(), NOW)))
                    .isInstanceOf(Change.Unchanged.class);
        }
        assertThat(moved(canceling.moveTo(Status.CANCELED, new StatusReport("r", Status.CANCELED, null, Map.of(), NOW)))
                .next().stage()).isEqualTo(Status.CANCELED);
        assertThat(moved(canceling.moveTo(Status.SUCCEEDED, new StatusReport("r", Status.SUCCEEDED, null, Map.of(), NOW)))
                .next().stage()).isEqualTo(Status.SUCCEEDED);
    }
}
