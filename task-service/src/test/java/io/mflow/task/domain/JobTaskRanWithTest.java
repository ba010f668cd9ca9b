package io.mflow.task.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.platform.change.Change;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A job task keeps the params its current attempt was sent to its runner with, once, and shows them masked. */
class JobTaskRanWithTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private static final Actor ALICE = new Actor("alice");
    private static final RunParam PLANNED_IMAGE = new RunParam("IMAGE", null, true, false, false, null);
    private static final List<RunParam> SENT = List.of(
            new RunParam("IMAGE", "registry/app:42", true, false, false, null),
            new RunParam("PASSWORD", "enc:v2:sealed-for-jt-1", false, true, false, null));

    private static JobTask pendingJobTask() {
        JobTask task = JobTaskTransitionsTest.jobTaskIn(Status.PENDING);
        return new JobTask(task.id(), task.plan().withParams(List.of(PLANNED_IMAGE)), task.current(), task.gates(),
                task.history());
    }

    private static JobTask sent(JobTask task, int attempt, List<RunParam> params) {
        Change<JobTask, JobTaskEvent> change = task.sentToRunner(attempt, params);
        assertThat(change).isInstanceOf(Change.Moved.class);
        return ((Change.Moved<JobTask, JobTaskEvent>) change).next();
    }

    @Test
    void theCurrentAttemptSentToItsRunnerKeepsTheParamsItWasSentAndAnnouncesNothing() {
        JobTask pending = pendingJobTask();

        Change<JobTask, JobTaskEvent> change = pending.sentToRunner(1, SENT);

        assertThat(change).isInstanceOfSatisfying(Change.Moved.class, moved -> assertThat(moved.events()).isEmpty());
        JobTask next = ((Change.Moved<JobTask, JobTaskEvent>) change).next();
        assertThat(next.current().ranWith()).isEqualTo(SENT);
        assertThat(next.plan().params()).as("the plan (what a retry and an audit start from) stays as planned")
                .containsExactly(PLANNED_IMAGE);
        assertThat(next.paramsDigest()).isEqualTo(pending.paramsDigest());
        assertThat(next.stage()).isEqualTo(Status.PENDING);
    }

    @Test
    void aSensitiveValueItRanWithIsMaskedForReaders() {
        JobTask task = sent(pendingJobTask(), 1, SENT);

        assertThat(task.current().maskedRanWith()).extracting(RunParam::value)
                .containsExactly("registry/app:42", RunParam.MASK);
        assertThat(pendingJobTask().current().maskedRanWith()).as("not sent yet").isNull();
    }

    @Test
    void aRedeliveredCommandOrOneDecidedAgainChangesNothing() {
        JobTask task = sent(pendingJobTask(), 1, SENT);

        assertThat(task.sentToRunner(1, SENT)).isInstanceOf(Change.Unchanged.class);
        List<RunParam> resealed = List.of(SENT.get(0), SENT.get(1).withValue("enc:v2:sealed-again"));
        assertThat(task.sentToRunner(1, resealed)).as("the first copy wins").isInstanceOf(Change.Unchanged.class);
    }

    @Test
    void aCommandOfAnEarlierAttemptIsIgnoredAndTheNextAttemptStartsWithoutOne() {
        JobTask failed = sent(pendingJobTask(), 1, SENT).withCurrent(
                sent(pendingJobTask(), 1, SENT).current().finished(Status.FAILED, "boom", NOW));
        JobTask retried = ((Change.Moved<JobTask, JobTaskEvent>) failed.retry(ALICE, List.of(PLANNED_IMAGE), "again",
                NOW)).next();

        assertThat(retried.attempt()).isEqualTo(2);
        assertThat(retried.current().ranWith()).as("attempt 2 was not sent yet").isNull();
        assertThat(retried.history().pastAttempts()).singleElement()
                .satisfies(past -> assertThat(past.ranWith()).as("attempt 1's stays in the history").isEqualTo(SENT));
        assertThat(retried.sentToRunner(1, SENT)).isInstanceOf(Change.Unchanged.class);
        List<RunParam> second = List.of(SENT.get(0).withValue("registry/app:43"), SENT.get(1));
        assertThat(sent(retried, 2, second).current().ranWith()).isEqualTo(second);
    }

    @Test
    void anAttemptItsRetryPolicyRetriesKeepsWhatItRanWithInTheHistory() {
        JobTask sent = sent(pendingJobTask(), 1, SENT);
        JobTask running = ((Change.Moved<JobTask, JobTaskEvent>) sent.moveTo(Status.ACTIVE,
                new StatusReport("r-1", Status.ACTIVE, null, Map.of(), NOW))).next();
        StatusReport lost = new StatusReport("r-2", Status.FAILED, "execution lost", Map.of(), NOW, 1, true, null,
                null, null, Map.of(), false);

        JobTask retried = ((Change.Moved<JobTask, JobTaskEvent>) running.moveTo(Status.FAILED, lost)).next();

        assertThat(retried.attempt()).isEqualTo(2);
        assertThat(retried.current().ranWith()).isNull();
        assertThat(retried.history().pastAttempts().get(0).ranWith()).isEqualTo(SENT);
    }

    @Test
    void theParamsItRanWithStayThroughItsRunnersReportsToItsEnd() {
        JobTask task = sent(pendingJobTask(), 1, SENT);
        StatusReport active = new StatusReport("r-1", Status.ACTIVE, null, Map.of(), NOW);
        StatusReport done = new StatusReport("r-2", Status.SUCCEEDED, null, Map.of("V", "1"), NOW);

        JobTask running = ((Change.Moved<JobTask, JobTaskEvent>) task.moveTo(Status.ACTIVE, active)).next();
        JobTask ended = ((Change.Moved<JobTask, JobTaskEvent>) running.moveTo(Status.SUCCEEDED, done)).next();

        assertThat(ended.current().ranWith()).isEqualTo(SENT);
    }

    @Test
    void aCommandThatArrivesAfterItsRunnersReportsIsStillKept() {
        JobTask running = ((Change.Moved<JobTask, JobTaskEvent>) pendingJobTask().moveTo(Status.ACTIVE,
                new StatusReport("r-1", Status.ACTIVE, null, Map.of(), NOW))).next();
        JobTask ended = ((Change.Moved<JobTask, JobTaskEvent>) running.moveTo(Status.SUCCEEDED,
                new StatusReport("r-2", Status.SUCCEEDED, null, Map.of(), NOW))).next();

        assertThat(sent(ended, 1, SENT).current().ranWith()).isEqualTo(SENT);
    }
}
