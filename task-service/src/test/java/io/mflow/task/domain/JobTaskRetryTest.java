package io.mflow.task.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobTaskRetryTest {

    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
    private static final Actor ALICE = new Actor("alice");
    private static final List<RunParam> NEXT = List.of(new RunParam("GOAL", "deploy", false, false, false, null));

    private static Transition.Moved<JobTask, JobTaskEvent> retried(JobTask task) {
        Transition<JobTask, JobTaskEvent> retry = task.retry(ALICE, NEXT, "flaky network", NOW);
        assertThat(retry).isInstanceOf(Transition.Moved.class);
        return (Transition.Moved<JobTask, JobTaskEvent>) retry;
    }

    @Test
    void aFailedTaskRetriedIsPendingInItsNextAttemptWithTheParamsGiven() {
        JobTask failed = JobTaskTransitionsTest.jobTaskIn(Stage.FAILED);
        Transition.Moved<JobTask, JobTaskEvent> retry = retried(failed);

        JobTask next = retry.next();
        assertThat(next.stage()).isEqualTo(Stage.PENDING);
        assertThat(next.attempt()).isEqualTo(2);
        assertThat(next.params()).isEqualTo(NEXT);
        assertThat(next.message()).isEqualTo("retry by alice: flaky network");
        assertThat(next.finishedAt()).isNull();
        assertThat(next.pastAttempts()).singleElement().satisfies(past -> {
            assertThat(past.number()).isEqualTo(1);
            assertThat(past.stage()).isEqualTo(Stage.FAILED);
            assertThat(past.message()).isEqualTo("old message");
            assertThat(past.retriedBy()).isEqualTo("alice");
            assertThat(past.retryReason()).isEqualTo("flaky network");
        });
        assertThat(retry.events()).hasSize(2);
        assertThat(retry.events().get(0)).isInstanceOfSatisfying(JobTaskEvent.Retried.class, e -> {
            assertThat(e.attempt()).isEqualTo(2);
            assertThat(e.params()).isEqualTo(NEXT);
            assertThat(e.by()).isEqualTo("alice");
        });
        assertThat(retry.events().get(1)).isInstanceOfSatisfying(JobTaskEvent.StatusChanged.class, e -> {
            assertThat(e.previousStage()).isEqualTo(Stage.FAILED);
            assertThat(e.stage()).isEqualTo(Stage.PENDING);
            assertThat(e.attempt()).isEqualTo(2);
        });
    }

    @Test
    void onlyAFailedOrCanceledTaskMayBeRetried() {
        assertThat(JobTaskTransitionsTest.jobTaskIn(Stage.CANCELED).retry(ALICE, NEXT, null, NOW))
                .isInstanceOf(Transition.Moved.class);
        for (Stage stage : List.of(Stage.PENDING, Stage.ACTIVE, Stage.SUCCEEDED, Stage.SKIPPED, Stage.CANCELING)) {
            assertThat(JobTaskTransitionsTest.jobTaskIn(stage).retry(ALICE, NEXT, null, NOW)).as(stage.name())
                    .isInstanceOf(Transition.Rejected.class);
        }
    }

    @Test
    void aReportOfAnEarlierAttemptChangesNothingAndOneOfTheCurrentAttemptCounts() {
        JobTask second = retried(JobTaskTransitionsTest.jobTaskIn(Stage.FAILED)).next();
        assertThat(second.moveTo(Stage.FAILED, new StatusReport("old", Stage.FAILED, "late", Map.of(), NOW, 1)))
                .isInstanceOf(Transition.Unchanged.class);
        assertThat(second.moveTo(Stage.ACTIVE, new StatusReport("r2", Stage.ACTIVE, null, Map.of(), NOW, 2)))
                .isInstanceOf(Transition.Moved.class);
        assertThat(second.moveTo(Stage.ACTIVE, new StatusReport("rest", Stage.ACTIVE, null, Map.of(), NOW)))
                .as("attempt 0: the current one").isInstanceOf(Transition.Moved.class);
    }

    @Test
    void aLostExecutionIsRetriedByMflowTwiceAndThenTheTaskFails() {
        JobTask task = JobTaskTransitionsTest.jobTaskIn(Stage.ACTIVE);
        for (int attempt = 1; attempt <= JobTask.LOST_RETRIES; attempt++) {
            Transition<JobTask, JobTaskEvent> lost = task.moveTo(Stage.FAILED,
                    new StatusReport("lost-" + attempt, Stage.FAILED, "execution lost", Map.of(), NOW, attempt, true));
            Transition.Moved<JobTask, JobTaskEvent> moved = (Transition.Moved<JobTask, JobTaskEvent>) lost;
            assertThat(moved.next().stage()).isEqualTo(Stage.PENDING);
            assertThat(moved.next().attempt()).isEqualTo(attempt + 1);
            assertThat(moved.next().pastAttempts().get(attempt - 1).message()).isEqualTo("execution lost");
            assertThat(moved.events().get(0)).isInstanceOfSatisfying(JobTaskEvent.Retried.class,
                    e -> assertThat(e.by()).isEqualTo(JobTask.MFLOW));
            int number = attempt;
            assertThat(moved.events().get(1)).isInstanceOfSatisfying(JobTaskEvent.StatusChanged.class, e -> {
                assertThat(e.previousStage()).as("FAILED was never stored").isIn(Stage.ACTIVE, Stage.PENDING);
                assertThat(e.stage()).isEqualTo(Stage.PENDING);
                assertThat(e.message()).isEqualTo("execution lost; retry " + number + " of " + JobTask.LOST_RETRIES);
            });
            task = moved.next();
        }
        Transition<JobTask, JobTaskEvent> last = task.moveTo(Stage.FAILED, new StatusReport("lost-3", Stage.FAILED,
                "execution lost", Map.of(), NOW, JobTask.LOST_RETRIES + 1, true));
        assertThat(((Transition.Moved<JobTask, JobTaskEvent>) last).next().stage()).isEqualTo(Stage.FAILED);
    }

    @Test
    void aFailureThatIsNotALossIsNotRetriedByItself() {
        Transition<JobTask, JobTaskEvent> failed = JobTaskTransitionsTest.jobTaskIn(Stage.ACTIVE).moveTo(Stage.FAILED,
                new StatusReport("f", Stage.FAILED, "exit code 1", Map.of(), NOW, 1, false));
        assertThat(((Transition.Moved<JobTask, JobTaskEvent>) failed).next().stage()).isEqualTo(Stage.FAILED);
    }

    @Test
    void aResultToConfirmIsConfirmedAnewAfterARetry() {
        JobTask ignored = new JobTask("jt-1", "t", "j", "pt-1", "pl-1", "s", Stage.FAILED, "m", Map.of(), List.of(),
                true, false, "hash", List.of(), 3, NOW, NOW, NOW, 1, "vera", Map.of(), null,
                new Gate(Gate.Kind.CONFIRM, List.of("carol"), 1, false, GateStage.WAITING, List.of(), null), List.of());
        assertThat(retried(ignored).next().confirm().stage()).isEqualTo(GateStage.PENDING);
    }
}
