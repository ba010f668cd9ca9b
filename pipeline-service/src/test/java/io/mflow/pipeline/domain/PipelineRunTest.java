package io.mflow.pipeline.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PipelineRunTest {

    private static PipelineRun plannedRun() {
        return PipelineRun.planned(new RunFact.Planned("created-1", "pt-1", "demo", false, Map.of(), List.of(
                new StagePlan("build", false, List.of(RunFixture.task("a", false, false), RunFixture.task("b", false, true))))));
    }

    private static PipelineRun applied(PipelineRun run, RunFact fact) {
        return ((Application.Applied) run.apply(fact)).run();
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
        assertThat(started.apply(changed("a-1", "a", TaskStatus.CREATING, Map.of()))).isInstanceOf(Application.Ignored.class);
        assertThat(started.apply(changed("a-2", "a", TaskStatus.ACTIVE, Map.of()))).isInstanceOf(Application.Ignored.class);
        assertThat(applied(started, changed("a-3", "a", TaskStatus.SUCCEEDED, Map.of())).progress().get("a").status())
                .isEqualTo(TaskStatus.SUCCEEDED);
    }

    @Test
    void aFailedRunResumesWhenAPersonSkipsTheTaskThatFailedIt() {
        PipelineRun failed = failedBy("S: a=FAILED* | S: b=PENDING");
        Application skipped = failed.apply(new RunFact.JobTaskChanged("a-9", "pt-1", "a", TaskStatus.SKIPPED,
                "skipped by alice: flaky", Map.of()));

        assertThat(skipped).isInstanceOfSatisfying(Application.Applied.class, applied -> {
            assertThat(applied.resumedBecause()).isEqualTo("resumed: job task a was skipped by alice: flaky");
            assertThat(applied.run().isConcluded()).isFalse();
            assertThat(applied.run().resumes()).isEqualTo(1);
            assertThat(applied.run().progress().get("a").cancelSent()).as("nothing on its way to stop").isTrue();
            assertThat(RunFixture.describe(NextRun.decide(applied.run()))).isEqualTo("start b");
        });
    }

    @Test
    void aFailedRunStaysFailedWhenAnotherFailureStillFailsIt() {
        PipelineRun failed = failedBy("P: a=FAILED* c=FAILED* | S: b=PENDING");
        Application skipped = failed.apply(new RunFact.JobTaskChanged("a-9", "pt-1", "a", TaskStatus.SKIPPED,
                "skipped by alice: flaky", Map.of()));

        assertThat(skipped).isInstanceOfSatisfying(Application.Applied.class, applied -> {
            assertThat(applied.resumedBecause()).isNull();
            assertThat(applied.run().isConcluded()).isTrue();
        });
    }

    @Test
    void aCanceledRunDoesNotResumeWhenATaskIsSkipped() {
        PipelineRun canceled = RunFixture.run("S: a=CANCELED*^ | S: b=PENDING^");
        canceled = canceled.record(new Decision.Conclude(TaskStatus.CANCELED, "canceled"));
        Application skipped = canceled.apply(new RunFact.JobTaskChanged("x", "pt-1", "b", TaskStatus.SKIPPED, "s",
                Map.of()));
        assertThat(skipped).isInstanceOfSatisfying(Application.Applied.class, applied -> {
            assertThat(applied.resumedBecause()).isNull();
            assertThat(applied.run().conclusion().status()).isEqualTo(TaskStatus.CANCELED);
        });
    }

    @Test
    void aFailedRunResumesWithTheNextAttemptWhenAPersonRetriesTheTaskThatFailedIt() {
        PipelineRun failed = failedBy("S: a=FAILED* | S: b=PENDING");
        RunParamSet params = RunParamSet.of(new RunParam("MODE", "ok", false, false, false));
        Application retried = failed.apply(new RunFact.JobTaskRetried("a-r2", "pt-1", "a", 2, params, "alice",
                "fixed the mirror", null));

        assertThat(retried).isInstanceOfSatisfying(Application.Applied.class, applied -> {
            assertThat(applied.resumedBecause()).isEqualTo("resumed: job task a was retried by alice: fixed the mirror");
            TaskProgress a = applied.run().progress().get("a");
            assertThat(a.status()).isEqualTo(TaskStatus.PENDING);
            assertThat(a.attempt()).isEqualTo(2);
            assertThat(a.dispatched()).isFalse();
            Decision next = NextRun.decide(applied.run());
            assertThat(((Decision.Start) next).tasks()).extracting(TaskToRun::attemptId).containsExactly("a#2");
        });
    }

    @Test
    void newsOfAnEarlierAttemptAndARetryKnownAlreadyChangeNothing() {
        PipelineRun failed = failedBy("S: a=FAILED* | S: b=PENDING");
        PipelineRun second = applied(failed, new RunFact.JobTaskRetried("a-r2", "pt-1", "a", 2, RunParamSet.of(),
                "alice", null, null));
        assertThat(second.apply(new RunFact.JobTaskRetried("a-r2-copy", "pt-1", "a", 2, RunParamSet.of(), "alice",
                null, null))).isInstanceOf(Application.Ignored.class);
        assertThat(second.apply(new RunFact.JobTaskChanged("a-old", "pt-1", "a", TaskStatus.FAILED, "late", Map.of(), 1)))
                .isInstanceOf(Application.Ignored.class);
        assertThat(second.apply(new RunFact.JobTaskChanged("a-new", "pt-1", "a", TaskStatus.FAILED, "again", Map.of(), 2)))
                .isInstanceOf(Application.Applied.class);
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
        assertThat(ended.apply(changed("a-2", "a", TaskStatus.ACTIVE, Map.of()))).isInstanceOf(Application.Ignored.class);
        assertThat(ended.apply(changed("a-1", "a", TaskStatus.CREATING, Map.of("V", "1"))))
                .isInstanceOf(Application.Ignored.class);
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
        assertThat(once.apply(changed("a-1", "a", TaskStatus.FAILED, Map.of()))).isInstanceOf(Application.Ignored.class);
    }

    @Test
    void aChangeOfATaskOutsideThePlanIsIgnored() {
        assertThat(plannedRun().apply(changed("z-1", "z", TaskStatus.ACTIVE, Map.of()))).isInstanceOf(Application.Ignored.class);
    }

    @Test
    void aSecondPlanIsIgnored() {
        PipelineRun run = plannedRun();
        RunFact.Planned again = new RunFact.Planned("created-2", "pt-1", "demo", false, Map.of(), List.of());
        assertThat(run.apply(again)).isInstanceOf(Application.Ignored.class);
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
        PipelineRun run = applied(plannedRun(), new RunFact.CancelRequested("cancel-1", "pt-1"));
        PipelineRun next = run.record(new Decision.CancelTasks(List.of(RunFixture.task("a", false, false)),
                Optional.of(new Decision.Conclude(TaskStatus.CANCELED, "canceled on request"))));
        assertThat(next.progress().get("a").cancelSent()).isTrue();
        assertThat(next.conclusion()).isEqualTo(new Conclusion(TaskStatus.CANCELED, "canceled on request"));
    }

    @Test
    void changesAreStillRecordedAfterTheConclusion() {
        PipelineRun run = plannedRun().record(new Decision.Conclude(TaskStatus.FAILED, "x"));
        PipelineRun next = applied(run, changed("a-1", "a", TaskStatus.SUCCEEDED, Map.of()));
        assertThat(next.progress().get("a").status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(NextRun.decide(next)).isEqualTo(Decision.WAIT);
    }
}
