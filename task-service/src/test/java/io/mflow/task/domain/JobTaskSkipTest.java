package io.mflow.task.domain;

import io.mflow.platform.change.Change;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

class JobTaskSkipTest {

    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
    private static final Actor ALICE = new Actor("alice");

    @Test
    void aFailedOrPendingTaskMayBeSkippedAndSaysWhoSkippedItAndWhy() {
        for (Stage stage : List.of(Stage.FAILED, Stage.PENDING)) {
            Change<JobTask, JobTaskEvent> skipped = JobTaskTransitionsTest.jobTaskIn(stage)
                    .skip(ALICE, "flaky test, fixed upstream", NOW);
            assertThat(skipped).isInstanceOf(Change.Moved.class);
            Change.Moved<JobTask, JobTaskEvent> moved = (Change.Moved<JobTask, JobTaskEvent>) skipped;
            assertThat(moved.next().stage()).isEqualTo(Stage.SKIPPED);
            assertThat(moved.next().current().message()).isEqualTo("skipped by alice: flaky test, fixed upstream");
            assertThat(moved.next().current().finishedAt()).isEqualTo(NOW);
            assertThat(moved.events()).singleElement().isInstanceOfSatisfying(JobTaskEvent.StatusChanged.class, e -> {
                assertThat(e.previousStage()).isEqualTo(stage);
                assertThat(e.stage()).isEqualTo(Stage.SKIPPED);
            });
        }
    }

    @Test
    void aRunningOrSucceededTaskCannotBeSkipped() {
        for (Stage stage : List.of(Stage.CREATING, Stage.ACTIVE, Stage.SUCCEEDED, Stage.CANCELED, Stage.SKIPPED)) {
            assertThat(JobTaskTransitionsTest.jobTaskIn(stage).skip(ALICE, "why not", NOW))
                    .as(stage.name()).isInstanceOf(Change.Refused.class);
        }
    }

    @Test
    void newsOfAnAttemptAPersonSkippedChangesNothing() {
        JobTask skipped = ((Change.Moved<JobTask, JobTaskEvent>) JobTaskTransitionsTest.jobTaskIn(Stage.PENDING)
                .skip(ALICE, "not needed", NOW)).next();
        for (Stage late : List.of(Stage.CREATING, Stage.ACTIVE, Stage.CANCELED, Stage.SUCCEEDED)) {
            assertThat(skipped.moveTo(late, new StatusReport("r", late, null, Map.of(), NOW)))
                    .isInstanceOf(Change.Unchanged.class);
        }
    }
}
