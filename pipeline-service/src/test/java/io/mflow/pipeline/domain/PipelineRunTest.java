package io.mflow.pipeline.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.platform.change.Change;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineRunTest {

    private static PipelineRun plannedRun() {
        return PipelineRun.planned(new RunFact.Planned("created-1", "pt-1", "demo", false, Map.of(), List.of(
                new StagePlan("build", false, List.of(RunFixture.task("a", false, false), RunFixture.task("b", false, true))))));
    }

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static PipelineRun applied(PipelineRun run, RunFact fact) {
        return moved(apply(run, fact)).next();
    }

    private static Change<PipelineRun, Outgoing> apply(PipelineRun run, RunFact fact) {
        return run.apply(fact, NOW, null);
    }

    @SuppressWarnings("unchecked")
    private static Change.Moved<PipelineRun, Outgoing> moved(Change<PipelineRun, Outgoing> change) {
        assertThat(change).isInstanceOf(Change.Moved.class);
        return (Change.Moved<PipelineRun, Outgoing>) change;
    }

    private static RunFact.JobTaskChanged changed(String eventId, String task, TaskStatus stage, Map<String, String> outputs) {
        return new RunFact.JobTaskChanged(eventId, "pt-1", task, stage, null, outputs);
    }

    @Test
    void aPlannedRunHasItsTasksPendingAndSkippedOnesSkipped() {
        PipelineRun run = plannedRun();
        assertThat(run.progress().values()).extracting(TaskProgress::status).containsExactly(TaskStatus.PENDING, TaskStatus.SKIPPED);
        assertThat(run.appliedEventIds()).containsExactly("created-1");
    }

    @Test
    void aJobTaskChangeRecordsTheStageAndTheEvent() {
        PipelineRun run = applied(plannedRun(), changed("a-1", "a", TaskStatus.ACTIVE, Map.of()));
        assertThat(run.progress().get("a").status()).isEqualTo(TaskStatus.ACTIVE);
        assertThat(run.appliedEventIds()).contains("a-1");
    }

    @Test
    void aStartedTaskOnItsWayChangesNothingTheRunDecidesOn() {
        PipelineRun started = plannedRun().record(NextRun.decide(plannedRun()));
        assertThat(apply(started, changed("a-1", "a", TaskStatus.CREATING, Map.of()))).isInstanceOf(Change.Refused.class);
        assertThat(apply(started, changed("a-2", "a", TaskStatus.ACTIVE, Map.of()))).isInstanceOf(Change.Refused.class);
        assertThat(applied(started, changed("a-3", "a", TaskStatus.SUCCEEDED, Map.of())).progress().get("a").status())
                .isEqualTo(TaskStatus.SUCCEEDED);
    }

    @Test
    void aFailedRunResumesWhenAPersonSkipsTheTaskThatFailedIt() {
        PipelineRun failed = failedBy("S: a=FAILED* | S: b=PENDING");
        Change<PipelineRun, Outgoing> skipped = apply(failed, new RunFact.JobTaskChanged("a-9", "pt-1", "a", TaskStatus.SKIPPED,
                "skipped by alice: flaky", Map.of()));

        Change.Moved<PipelineRun, Outgoing> applied = moved(skipped);
        assertThat(applied.events()).containsExactly(new Outgoing.RunResumed("pt-1",
                "resumed: job task a was skipped by alice: flaky", NOW, 1, null));
        assertThat(applied.next().isConcluded()).isFalse();
        assertThat(applied.next().resumes()).isEqualTo(1);
        assertThat(applied.next().progress().get("a").cancelSent()).as("nothing on its way to stop").isTrue();
        assertThat(RunFixture.describe(NextRun.decide(applied.next()))).isEqualTo("start b");
    }

    @Test
    void aFailedRunStaysFailedWhenAnotherFailureStillFailsIt() {
        PipelineRun failed = failedBy("P: a=FAILED* c=FAILED* | S: b=PENDING");
        Change<PipelineRun, Outgoing> skipped = apply(failed, new RunFact.JobTaskChanged("a-9", "pt-1", "a", TaskStatus.SKIPPED,
                "skipped by alice: flaky", Map.of()));

        Change.Moved<PipelineRun, Outgoing> applied = moved(skipped);
        assertThat(applied.events()).as("nothing resumed, nothing to tell").isEmpty();
        assertThat(applied.next().isConcluded()).isTrue();
    }

    @Test
    void aCanceledRunDoesNotResumeWhenATaskIsSkipped() {
        PipelineRun canceled = RunFixture.run("S: a=CANCELED*^ | S: b=PENDING^");
        canceled = canceled.record(new Decision.Conclude(TaskStatus.CANCELED, "canceled"));
        Change<PipelineRun, Outgoing> skipped = apply(canceled, new RunFact.JobTaskChanged("x", "pt-1", "b", TaskStatus.SKIPPED, "s",
                Map.of()));
        Change.Moved<PipelineRun, Outgoing> applied = moved(skipped);
        assertThat(applied.events()).as("nothing resumed, nothing to tell").isEmpty();
        assertThat(applied.next().conclusion().status()).isEqualTo(TaskStatus.CANCELED);
    }

    @Test
    void aFailedRunResumesWithTheNextAttemptWhenAPersonRetriesTheTaskThatFailedIt() {
        PipelineRun failed = failedBy("S: a=FAILED* | S: b=PENDING");
        RunParamSet params = RunParamSet.of(new RunParam("MODE", "ok", false, false, false));
        Change<PipelineRun, Outgoing> retried = apply(failed, new RunFact.JobTaskRetried("a-r2", "pt-1", "a", 2, params, "alice",
                "fixed the mirror", null));

        Change.Moved<PipelineRun, Outgoing> applied = moved(retried);
        assertThat(applied.events()).containsExactly(new Outgoing.RunResumed("pt-1",
                "resumed: job task a was retried by alice: fixed the mirror", NOW, 1, null));
        TaskProgress a = applied.next().progress().get("a");
        assertThat(a.status()).isEqualTo(TaskStatus.PENDING);
        assertThat(a.attempt()).isEqualTo(2);
        assertThat(a.dispatched()).isFalse();
        Decision next = NextRun.decide(applied.next());
        assertThat(((Decision.Start) next).tasks()).extracting(TaskToRun::attemptId).containsExactly("a#2");
    }

    /** Each attempt has its own update token: the retry's goes with its RunJob (and a cancel of it), not the plan's. */
    @Test
    void aRetriedTasksCommandsCarryTheTokenItsRetryIssuedNotTheFirstAttempts() {
        PipelineRun failed = failedBy("S: a=FAILED* | S: b=PENDING");
        PipelineRun second = applied(failed, new RunFact.JobTaskRetried("a-r2", "pt-1", "a", 2, RunParamSet.of(),
                "alice", null, null, "enc:v2:token-of-attempt-2"));

        List<Outgoing> out = NextRun.decide(second).announcements(second, NOW, null);
        assertThat(out).singleElement().isInstanceOfSatisfying(Outgoing.RunJob.class, run -> {
            assertThat(run.attemptId()).isEqualTo("a#2");
            assertThat(run.sealedUpdateToken()).isEqualTo("enc:v2:token-of-attempt-2");
        });
        PipelineRun dispatched = second.record(NextRun.decide(second));
        assertThat(new Decision.CancelTasks(List.of(RunFixture.task("a", false, false)))
                .announcements(dispatched, NOW, null)).singleElement()
                .isInstanceOfSatisfying(Outgoing.CancelJob.class,
                        cancel -> assertThat(cancel.sealedUpdateToken()).isEqualTo("enc:v2:token-of-attempt-2"));
    }

    @Test
    void aRetryWhoseAuditIsAskedAgainWaitsForItsAuditorsInsteadOfStarting() {
        PipelineRun failed = failedBy("S: a=FAILED*[audit:PASS,told] | S: b=PENDING");
        PipelineRun askedAgain = applied(failed, new RunFact.GateChanged("a-g", "pt-1", "a", GateKind.AUDIT,
                GateStatus.WAITING, null));
        PipelineRun retried = applied(askedAgain, new RunFact.JobTaskRetried("a-r2", "pt-1", "a", 2,
                RunParamSet.of(new RunParam("MODE", "yolo", false, false, false)), "vera", null, null));

        assertThat(retried.progress().get("a").audit()).isEqualTo(GateStatus.WAITING);
        assertThat(RunFixture.describe(NextRun.decide(retried))).isEqualTo("wait");
        PipelineRun approved = applied(retried, new RunFact.GateChanged("a-g2", "pt-1", "a", GateKind.AUDIT,
                GateStatus.PASS, null));
        assertThat(((Decision.Start) NextRun.decide(approved)).tasks()).extracting(TaskToRun::attemptId)
                .containsExactly("a#2");
    }

    @Test
    void anAuditDecidedAlreadyIsNotReopenedWhileItsTaskIsOnItsWay() {
        PipelineRun started = RunFixture.run("S: a=ACTIVE*[audit:PASS,told]");

        assertThat(apply(started, new RunFact.GateChanged("a-g", "pt-1", "a", GateKind.AUDIT, GateStatus.WAITING,
                null))).isInstanceOf(Change.Refused.class);
    }

    @Test
    void newsOfAnEarlierAttemptAndARetryKnownAlreadyChangeNothing() {
        PipelineRun failed = failedBy("S: a=FAILED* | S: b=PENDING");
        PipelineRun second = applied(failed, new RunFact.JobTaskRetried("a-r2", "pt-1", "a", 2, RunParamSet.of(),
                "alice", null, null));
        assertThat(apply(second, new RunFact.JobTaskRetried("a-r2-copy", "pt-1", "a", 2, RunParamSet.of(), "alice",
                null, null))).isInstanceOf(Change.Refused.class);
        assertThat(apply(second, new RunFact.JobTaskChanged("a-old", "pt-1", "a", TaskStatus.FAILED, "late", Map.of(), 1)))
                .isInstanceOf(Change.Refused.class);
        assertThat(apply(second, new RunFact.JobTaskChanged("a-new", "pt-1", "a", TaskStatus.FAILED, "again", Map.of(), 2)))
                .isInstanceOf(Change.Moved.class);
    }

    private static PipelineRun failedBy(String line) {
        PipelineRun run = RunFixture.run(line);
        return run.record(NextRun.decide(run));
    }

    @Test
    void aLateCopyOfAnInBetweenChangeDoesNotReopenATaskThatEnded() {
        PipelineRun started = plannedRun().record(NextRun.decide(plannedRun()));
        PipelineRun ended = applied(started, changed("a-3", "a", TaskStatus.SUCCEEDED, Map.of()));

        // a-2 was ignored when it first came, so nothing remembers it; its redelivered copy comes after the end
        assertThat(apply(ended, changed("a-2", "a", TaskStatus.ACTIVE, Map.of()))).isInstanceOf(Change.Refused.class);
        assertThat(apply(ended, changed("a-1", "a", TaskStatus.CREATING, Map.of("V", "1"))))
                .isInstanceOf(Change.Refused.class);
        assertThat(ended.progress().get("a").status()).isEqualTo(TaskStatus.SUCCEEDED);
    }

    @Test
    void aTaskTheRunDidNotStartIsNotedWhenItStartsElsewhere() {
        // started by someone else: the run must not start it a second time
        PipelineRun run = applied(plannedRun(), changed("a-1", "a", TaskStatus.ACTIVE, Map.of()));
        assertThat(NextRun.decide(run)).isEqualTo(Decision.WAIT);
    }

    @Test
    void outputsAreMergedAndTheLaterWins() {
        PipelineRun run = applied(plannedRun(), changed("a-1", "a", TaskStatus.ACTIVE, Map.of("V", "1", "W", "x")));
        run = applied(run, changed("a-2", "a", TaskStatus.SUCCEEDED, Map.of("V", "2")));
        assertThat(run.outputs()).isEqualTo(Map.of("V", "2", "W", "x"));
    }

    @Test
    void anEventSeenTwiceChangesNothing() {
        PipelineRun once = applied(plannedRun(), changed("a-1", "a", TaskStatus.ACTIVE, Map.of()));
        assertThat(apply(once, changed("a-1", "a", TaskStatus.FAILED, Map.of()))).isInstanceOf(Change.Refused.class);
    }

    @Test
    void aChangeOfATaskOutsideThePlanIsIgnored() {
        assertThat(apply(plannedRun(), changed("z-1", "z", TaskStatus.ACTIVE, Map.of()))).isInstanceOf(Change.Refused.class);
    }

    @Test
    void aSecondPlanIsIgnored() {
        PipelineRun run = plannedRun();
        RunFact.Planned again = new RunFact.Planned("created-2", "pt-1", "demo", false, Map.of(), List.of());
        assertThat(apply(run, again)).isInstanceOf(Change.Refused.class);
    }

    @Test
    void aCancelRequestIsRemembered() {
        assertThat(applied(plannedRun(), new RunFact.CancelRequested("cancel-1", "pt-1")).cancelRequested()).isTrue();
    }

    @Test
    void recordingAStartMarksTheTasksDispatched() {
        PipelineRun run = plannedRun();
        PipelineRun next = run.record(NextRun.decide(run));
        assertThat(next.progress().get("a").dispatched()).isTrue();
        assertThat(NextRun.decide(next)).isEqualTo(Decision.WAIT);
    }

    @Test
    void recordingACancelMarksTheTasksAndKeepsTheConclusion() {
        PipelineRun run = applied(plannedRun(), new RunFact.CancelRequested("cancel-1", "pt-1"))
                .record(new Decision.Conclude(TaskStatus.CANCELED, "canceled on request"));
        PipelineRun next = run.record(new Decision.CancelTasks(List.of(RunFixture.task("a", false, false))));
        assertThat(next.progress().get("a").cancelSent()).isTrue();
        assertThat(next.conclusion()).isEqualTo(new Conclusion(TaskStatus.CANCELED, "canceled on request"));
    }

    @Test
    void aRunCarriesADecisionOutWithWhatTakingTheFactInAnnouncedFirst() {
        PipelineRun run = plannedRun();
        Outgoing.RunResumed resumed = new Outgoing.RunResumed("pt-1", "resumed", NOW, 1, null);
        Instant jobEnded = NOW.minusSeconds(1);

        Change.Moved<PipelineRun, Outgoing> carried = moved(run.carryOut(NextRun.decide(run), List.of(resumed), NOW,
                jobEnded));

        assertThat(carried.next().progress().get("a").dispatched()).isTrue();
        assertThat(carried.events()).hasSize(2).first().isEqualTo(resumed);
        assertThat(carried.events().get(1)).isInstanceOfSatisfying(Outgoing.RunJob.class, runJob -> {
            assertThat(runJob.attemptId()).isEqualTo("a#1");
            assertThat(runJob.issuedAt()).isEqualTo(NOW);
            assertThat(runJob.causedAt()).as("the hand-off starts when the fact happened").isEqualTo(jobEnded);
        });
    }

    @Test
    void onlyAPlanCreatesARun() {
        assertThat(PipelineRun.create(new RunFact.CancelRequested("c", "pt-9"))).isInstanceOf(Change.Refused.class);
        assertThat(moved(PipelineRun.create(new RunFact.Planned("created-1", "pt-1", "demo", false, Map.of(),
                List.of()))).next().pipelineTaskId()).isEqualTo("pt-1");
    }

    @Test
    void changesAreStillRecordedAfterTheConclusion() {
        PipelineRun run = plannedRun().record(new Decision.Conclude(TaskStatus.FAILED, "x"));
        PipelineRun next = applied(run, changed("a-1", "a", TaskStatus.SUCCEEDED, Map.of()));
        assertThat(next.progress().get("a").status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(NextRun.decide(next)).isEqualTo(Decision.WAIT);
    }
}
