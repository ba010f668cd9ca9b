package io.mflow.task.domain;

import io.mflow.platform.change.Change;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

class JobTaskRetryTest {

    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
    private static final Actor ALICE = new Actor("alice");
    private static final List<RunParam> NEXT = List.of(new RunParam("GOAL", "deploy", false, false, false, null));

    private static Change.Moved<JobTask, JobTaskEvent> retried(JobTask task) {
        Change<JobTask, JobTaskEvent> retry = task.retry(ALICE, NEXT, "flaky network", NOW);
        assertThat(retry).isInstanceOf(Change.Moved.class);
        return (Change.Moved<JobTask, JobTaskEvent>) retry;
    }

    @Test
    void aFailedTaskRetriedIsPendingInItsNextAttemptWithTheParamsGiven() {
        JobTask failed = JobTaskTransitionsTest.jobTaskIn(Stage.FAILED);
        Change.Moved<JobTask, JobTaskEvent> retry = retried(failed);

        JobTask next = retry.next();
        assertThat(next.stage()).isEqualTo(Stage.PENDING);
        assertThat(next.attempt()).isEqualTo(2);
        assertThat(next.plan().params()).isEqualTo(NEXT);
        assertThat(next.current().message()).isEqualTo("retry by alice: flaky network");
        assertThat(next.current().finishedAt()).isNull();
        assertThat(next.history().pastAttempts()).singleElement().satisfies(past -> {
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
                .isInstanceOf(Change.Moved.class);
        for (Stage stage : List.of(Stage.PENDING, Stage.ACTIVE, Stage.SUCCEEDED, Stage.SKIPPED, Stage.CANCELING)) {
            assertThat(JobTaskTransitionsTest.jobTaskIn(stage).retry(ALICE, NEXT, null, NOW)).as(stage.name())
                    .isInstanceOf(Change.Refused.class);
        }
    }

    @Test
    void aReportOfAnEarlierAttemptChangesNothingAndOneOfTheCurrentAttemptCounts() {
        JobTask second = retried(JobTaskTransitionsTest.jobTaskIn(Stage.FAILED)).next();
        assertThat(second.moveTo(Stage.FAILED, new StatusReport("old", Stage.FAILED, "late", Map.of(), NOW, 1)))
                .isInstanceOf(Change.Unchanged.class);
        assertThat(second.moveTo(Stage.ACTIVE, new StatusReport("r2", Stage.ACTIVE, null, Map.of(), NOW, 2)))
                .isInstanceOf(Change.Moved.class);
        assertThat(second.moveTo(Stage.ACTIVE, new StatusReport("rest", Stage.ACTIVE, null, Map.of(), NOW)))
                .as("attempt 0: the current one").isInstanceOf(Change.Moved.class);
    }

    @Test
    void aLostExecutionIsRetriedByMflowTwiceAndThenTheTaskFails() {
        JobTask task = JobTaskTransitionsTest.jobTaskIn(Stage.ACTIVE);
        for (int attempt = 1; attempt <= RetryPolicy.DEFAULT.limit(); attempt++) {
            Change<JobTask, JobTaskEvent> lost = task.moveTo(Stage.FAILED,
                    new StatusReport("lost-" + attempt, Stage.FAILED, "execution lost", Map.of(), NOW, attempt, true));
            Change.Moved<JobTask, JobTaskEvent> moved = (Change.Moved<JobTask, JobTaskEvent>) lost;
            assertThat(moved.next().stage()).isEqualTo(Stage.PENDING);
            assertThat(moved.next().attempt()).isEqualTo(attempt + 1);
            assertThat(moved.next().history().pastAttempts().get(attempt - 1).message()).isEqualTo("execution lost");
            assertThat(moved.events().get(0)).isInstanceOfSatisfying(JobTaskEvent.Retried.class,
                    e -> assertThat(e.by()).isEqualTo(JobTask.MFLOW));
            int number = attempt;
            assertThat(moved.events().get(1)).isInstanceOfSatisfying(JobTaskEvent.StatusChanged.class, e -> {
                assertThat(e.previousStage()).as("FAILED was never stored").isIn(Stage.ACTIVE, Stage.PENDING);
                assertThat(e.stage()).isEqualTo(Stage.PENDING);
                assertThat(e.message()).isEqualTo("execution lost; retry " + number + " of " + RetryPolicy.DEFAULT.limit());
            });
            task = moved.next();
        }
        Change<JobTask, JobTaskEvent> last = task.moveTo(Stage.FAILED, new StatusReport("lost-3", Stage.FAILED,
                "execution lost", Map.of(), NOW, RetryPolicy.DEFAULT.limit() + 1, true));
        assertThat(((Change.Moved<JobTask, JobTaskEvent>) last).next().stage()).isEqualTo(Stage.FAILED);
    }

    @Test
    void aFailureThatIsNotALossIsNotRetriedByItself() {
        Change<JobTask, JobTaskEvent> failed = JobTaskTransitionsTest.jobTaskIn(Stage.ACTIVE).moveTo(Stage.FAILED,
                new StatusReport("f", Stage.FAILED, "exit code 1", Map.of(), NOW, 1, false));
        assertThat(((Change.Moved<JobTask, JobTaskEvent>) failed).next().stage()).isEqualTo(Stage.FAILED);
    }

    @Test
    void aResultToConfirmIsConfirmedAnewAfterARetry() {
        JobTask ignored = new JobTask("jt-1", new JobTaskPlan("t", "j", "pt-1", "pl-1", "s", List.of(), true, false,
                false, null, Map.of(), "vera", "hash", NOW),
                new Attempt(Stage.FAILED, "m", Map.of(), NOW, NOW, null, null, false, null, Map.of()),
                new Gates(null, new Gate(Gate.Kind.CONFIRM, List.of("carol"), 1, false, GateStage.WAITING, List.of(),
                        null)), new JobTaskHistory(List.of(), List.of(), 3));
        assertThat(retried(ignored).next().gates().confirm().stage()).isEqualTo(GateStage.PENDING);
    }

    private static final RetryPolicy ON_FAILURE = new RetryPolicy(2, Duration.ofSeconds(5), 2,
            EnumSet.of(RetryPolicy.Cause.FAILED));

    private static JobTask activeWith(RetryPolicy policy) {
        JobTask active = JobTaskTransitionsTest.jobTaskIn(Stage.ACTIVE);
        return new JobTask(active.id(), new JobTaskPlan(active.name(), active.plan().jobName(),
                active.pipelineTaskId(), active.plan().pipelineId(), active.plan().stageName(), List.of(), false, false,
                false, policy, Map.of(), "vera", active.plan().tokenHash(), NOW),
                new Attempt(Stage.ACTIVE, null, Map.of(), NOW, null, "LOCAL@host-1", null, false, null, Map.of()),
                Gates.NONE, new JobTaskHistory(List.of(), List.of(), 3));
    }

    private static Change.Moved<JobTask, JobTaskEvent> failedAt(JobTask task, String reportId, Instant at) {
        StatusReport exit1 = new StatusReport(reportId, Stage.FAILED, "exit code 1\nnpm ERR!", Map.of(), at,
                task.attempt(), false, 1, "LOCAL@host-1");
        return (Change.Moved<JobTask, JobTaskEvent>) task.moveTo(Stage.FAILED, exit1);
    }

    @Test
    void aJobThatRanAndFailedIsRetriedAsItsPolicySaysWithAGrowingBackOffThenFails() {
        JobTask task = activeWith(ON_FAILURE);

        Change.Moved<JobTask, JobTaskEvent> first = failedAt(task, "f1", NOW);
        assertThat(first.next().stage()).isEqualTo(Stage.PENDING);
        assertThat(first.next().attempt()).isEqualTo(2);
        assertThat(first.events().get(0)).isInstanceOfSatisfying(JobTaskEvent.Retried.class, e -> {
            assertThat(e.by()).isEqualTo(JobTask.MFLOW);
            assertThat(e.notBefore()).isEqualTo(NOW.plusSeconds(5));
            assertThat(e.reason()).isEqualTo("exit code 1; retry 1 of 2 after PT5S");
        });
        assertThat(first.next().history().pastAttempts().get(0)).satisfies(past -> {
            assertThat(past.stage()).isEqualTo(Stage.FAILED);
            assertThat(past.exitCode()).isEqualTo(1);
            assertThat(past.runner()).isEqualTo("LOCAL@host-1");
            assertThat(past.message()).isEqualTo("exit code 1\nnpm ERR!");
        });

        JobTask second = moved(first.next(), Stage.ACTIVE);
        Change.Moved<JobTask, JobTaskEvent> again = failedAt(second, "f2", NOW.plusSeconds(20));
        assertThat(again.events().get(0)).isInstanceOfSatisfying(JobTaskEvent.Retried.class,
                e -> assertThat(e.notBefore()).as("5 s, then 10 s").isEqualTo(NOW.plusSeconds(30)));

        JobTask third = moved(again.next(), Stage.ACTIVE);
        JobTask failed = failedAt(third, "f3", NOW.plusSeconds(60)).next();
        assertThat(failed.stage()).isEqualTo(Stage.FAILED);
        assertThat(failed.attempt()).isEqualTo(3);
        assertThat(failed.current().exitCode()).isEqualTo(1);
    }

    @Test
    void aLostExecutionIsNotRetriedByAPolicyThatRetriesFailuresOnly() {
        JobTask lost = ((Change.Moved<JobTask, JobTaskEvent>) activeWith(ON_FAILURE).moveTo(Stage.FAILED,
                new StatusReport("l", Stage.FAILED, "execution lost", Map.of(), NOW, 1, true))).next();
        assertThat(lost.stage()).isEqualTo(Stage.FAILED);
    }

    @Test
    void aJobThatNeverRanIsNotRetriedForItWouldFailTheSameWay() {
        JobTask pending = new JobTask("jt-1", new JobTaskPlan("t", "j", "pt-1", "pl-1", "s", List.of(), false, false,
                false, ON_FAILURE, Map.of(), "vera", "hash", NOW),
                new Attempt(Stage.PENDING, null, Map.of(), null, null, null, null, false, null, Map.of()), Gates.NONE,
                JobTaskHistory.NONE);
        JobTask rejected = ((Change.Moved<JobTask, JobTaskEvent>) pending.moveTo(Stage.FAILED, new StatusReport(
                "r", Stage.FAILED, "required param GOAL has no value", Map.of(), NOW))).next();
        assertThat(rejected.stage()).isEqualTo(Stage.FAILED);
    }

    @Test
    void aJobThatFailedWhileBeingCanceledIsNotRetried() {
        JobTask canceling = moved(activeWith(ON_FAILURE), Stage.CANCELING);
        assertThat(failedAt(canceling, "f", NOW).next().stage()).isEqualTo(Stage.FAILED);
    }

    @Test
    void aPersonsRetryStartsThePolicysCountAgain() {
        JobTask task = activeWith(new RetryPolicy(1, Duration.ZERO, 2, EnumSet.of(RetryPolicy.Cause.FAILED)));
        JobTask second = moved(failedAt(task, "f1", NOW).next(), Stage.ACTIVE);
        JobTask failed = failedAt(second, "f2", NOW).next();
        assertThat(failed.stage()).as("its one retry is spent").isEqualTo(Stage.FAILED);

        JobTask third = moved(retried(failed).next(), Stage.ACTIVE);
        Change.Moved<JobTask, JobTaskEvent> afterPerson = failedAt(third, "f3", NOW);
        assertThat(afterPerson.next().stage()).isEqualTo(Stage.PENDING);
        assertThat(afterPerson.next().attempt()).isEqualTo(4);
    }

    @Test
    void anAttemptWaitingForItsBackOffHasNotStartedYet() {
        JobTask next = failedAt(activeWith(ON_FAILURE), "f1", NOW).next();
        JobTask scheduled = ((Change.Moved<JobTask, JobTaskEvent>) next.moveTo(Stage.SCHEDULING, new StatusReport(
                "s", Stage.SCHEDULING, "waits until 2026-11-30T10:00:05Z to start", Map.of(), NOW, 2))).next();
        assertThat(scheduled.current().startedAt()).isNull();
        JobTask active = ((Change.Moved<JobTask, JobTaskEvent>) scheduled.moveTo(Stage.ACTIVE, new StatusReport(
                "a", Stage.ACTIVE, null, Map.of(), NOW.plusSeconds(5), 2))).next();
        assertThat(active.current().startedAt()).isEqualTo(NOW.plusSeconds(5));
    }

    @Test
    void theRunnerAndExitCodeOfTheCurrentAttemptAreKept() {
        JobTask active = moved(JobTaskTransitionsTest.jobTaskIn(Stage.PENDING), Stage.ACTIVE);
        JobTask succeeded = ((Change.Moved<JobTask, JobTaskEvent>) active.moveTo(Stage.SUCCEEDED,
                new StatusReport("s", Stage.SUCCEEDED, null, Map.of(), NOW, 1, false, 0, "LOCAL@host-2"))).next();
        assertThat(succeeded.current().runner()).isEqualTo("LOCAL@host-2");
        assertThat(succeeded.current().exitCode()).isZero();
    }

    private static JobTask moved(JobTask task, Stage stage) {
        return ((Change.Moved<JobTask, JobTaskEvent>) task.moveTo(stage, new StatusReport(
                "to-" + stage + "-" + task.attempt(), stage, null, Map.of(), NOW, task.attempt(), false, null,
                "LOCAL@host-1"))).next();
    }
}
