package io.mflow.pipeline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.pipeline.domain.Decision;
import io.mflow.pipeline.domain.Outgoing;
import io.mflow.pipeline.domain.PipelineRun;
import io.mflow.pipeline.domain.RunFact;
import io.mflow.pipeline.domain.RunParam;
import io.mflow.pipeline.domain.RunParamSet;
import io.mflow.pipeline.domain.StagePlan;
import io.mflow.pipeline.domain.TaskPlan;
import io.mflow.pipeline.domain.TaskStatus;
import io.mflow.platform.aggregate.AggregateChanges;
import io.mflow.platform.outbox.OutboxEntry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdvancePipelineRunTest {

    private final InMemoryRuns runs = new InMemoryRuns();
    private final List<Outgoing> announced = new ArrayList<>();
    private final List<String> relayed = new ArrayList<>();
    private final AdvancePipelineRun advance = new AdvancePipelineRun(AggregateChanges.<PipelineRun, Outgoing>of(
            "pipeline_runs", PipelineRun::pipelineTaskId, runs, (run, message) -> {
                announced.add(message);
                return new OutboxEntry(message.id(), "topic", message.pipelineTaskId(),
                        Map.of("mflow-type", message.getClass().getSimpleName()), new byte[0], Instant.EPOCH,
                        message.causedAt());
            }, (owner, before, after, records) -> relayed.add(owner + " " + before + "->" + after + ":" + records.size()))
            .build(), Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

    private static TaskPlan task(String id, RunParam... params) {
        return new TaskPlan(id, id, "job-" + id, "LOCAL", "echo", false, false, RunParamSet.of(params), "enc:v1:t-" + id,
                false, false);
    }

    private static RunFact.Planned plan(TaskPlan... serialTasks) {
        return new RunFact.Planned("created", "pt-1", "demo", true, Map.of(), List.of(new StagePlan("only", false, List.of(serialTasks))));
    }

    @Test
    void aPlanIsStoredWithTheFirstRunJobInItsOutbox() {
        advance.advance(plan(task("a"), task("b")));

        assertThat(runs.outbox.get("pt-1")).extracting(OutboxEntry::id).containsExactly("a#1");
        Outgoing.RunJob runJob = (Outgoing.RunJob) announced.get(0);
        assertThat(runJob.dryRun()).isTrue();
        assertThat(runJob.sealedUpdateToken()).isEqualTo("enc:v1:t-a");
        assertThat(runs.get("pt-1").aggregate().progress().get("a").dispatched()).isTrue();
    }

    @Test
    void theRunJobCarriesTheOutputsOfEarlierTasks() {
        advance.advance(plan(task("a"), task("b", new RunParam("V", "old", false, false, false))));
        advance.advance(new RunFact.JobTaskChanged("a:1", "pt-1", "a", TaskStatus.SUCCEEDED, null, Map.of("V", "new")));

        Outgoing.RunJob runJob = (Outgoing.RunJob) announced.get(1);
        assertThat(runJob.params()).extracting(RunParam::value).containsExactly("new");
    }

    @Test
    void aTaskMissingARequiredParamIsRejectedInsteadOfRun() {
        advance.advance(plan(task("a", new RunParam("HOST", "", true, false, false))));

        Outgoing.JobTaskRejected rejected = (Outgoing.JobTaskRejected) announced.get(0);
        assertThat(rejected.id()).isEqualTo("a#1:FAILED");
        assertThat(rejected.message()).contains("HOST");
    }

    @Test
    void aDryRunNotesARequiredParamThatOnlyAnEarlierTasksOutputWouldFillInsteadOfFailing() {
        advance.advance(plan(task("build"), task("deploy", new RunParam("APP_VERSION", "", true, false, false))));
        advance.advance(new RunFact.JobTaskChanged("build:1", "pt-1", "build", TaskStatus.SUCCEEDED, "dry run", Map.of()));

        Outgoing.RunJob runJob = (Outgoing.RunJob) announced.get(1);
        assertThat(runJob.jobTaskId()).isEqualTo("deploy");
        assertThat(runJob.dryRunNote()).isEqualTo("APP_VERSION from output of build");
    }

    @Test
    void aRealRunStillRejectsARequiredParamThatTheEarlierTasksLeftEmpty() {
        advance.advance(new RunFact.Planned("created", "pt-1", "demo", false, Map.of(), List.of(new StagePlan("only",
                false, List.of(task("build"), task("deploy", new RunParam("APP_VERSION", "", true, false, false)))))));
        advance.advance(new RunFact.JobTaskChanged("build:1", "pt-1", "build", TaskStatus.SUCCEEDED, null, Map.of()));

        assertThat(announced.get(1)).isInstanceOfSatisfying(Outgoing.JobTaskRejected.class,
                rejected -> assertThat(rejected.message()).contains("APP_VERSION"));
    }

    @Test
    void aRetryWithABackOffIsDispatchedToStartNoEarlierThanItSays() {
        advance.advance(new RunFact.Planned("created", "pt-1", "demo", false, Map.of(),
                List.of(new StagePlan("only", false, List.of(task("a"))))));
        advance.advance(new RunFact.JobTaskChanged("a:1", "pt-1", "a", TaskStatus.ACTIVE, null, Map.of(), 1));
        Instant notBefore = Instant.parse("2026-01-01T00:00:05Z");
        advance.advance(new RunFact.JobTaskRetried("a:2", "pt-1", "a", 2, RunParamSet.of(), "mflow",
                "exit code 1; retry 1 of 2 after PT5S", notBefore));
        advance.advance(new RunFact.JobTaskChanged("a:3", "pt-1", "a", TaskStatus.PENDING, "retry", Map.of(), 2));

        Outgoing.RunJob second = (Outgoing.RunJob) announced.get(announced.size() - 1);
        assertThat(second.attemptId()).isEqualTo("a#2");
        assertThat(second.notBefore()).isEqualTo(notBefore);
        assertThat(((Outgoing.RunJob) announced.get(0)).notBefore()).isNull();
    }

    @Test
    void aDuplicateEventAnnouncesNothing() {
        advance.advance(plan(task("a"), task("b")));
        RunFact.JobTaskChanged succeeded = new RunFact.JobTaskChanged("a:1", "pt-1", "a", TaskStatus.SUCCEEDED, null, Map.of());
        advance.advance(succeeded);
        long version = runs.get("pt-1").version();

        assertThat(advance.advance(succeeded)).isEmpty();
        assertThat(runs.get("pt-1").version()).isEqualTo(version);
        assertThat(announced).extracting(Outgoing::id).containsExactly("a#1", "b#1");
    }

    @Test
    void aConcurrentWriteMakesItApplyTheEventAgain() {
        advance.advance(plan(task("a"), task("b")));
        runs.conflictsLeft = 1;

        Optional<Decision> decision = advance.advance(new RunFact.JobTaskChanged("a:1", "pt-1", "a", TaskStatus.SUCCEEDED, null, Map.of()));

        assertThat(decision).containsInstanceOf(Decision.Start.class);
        assertThat(runs.outbox.get("pt-1")).extracting(OutboxEntry::id).containsExactly("a#1", "b#1");
    }

    @Test
    void theRelayIsHandedEachWriteWithItsRecordsAndTheVersionsItMovedBetween() {
        advance.advance(plan(task("a"), task("b")));
        runs.conflictsLeft = 1;
        advance.advance(new RunFact.JobTaskChanged("a:1", "pt-1", "a", TaskStatus.SUCCEEDED, null, Map.of()));

        // the conflicting writer moved the run from 0 to 1; this service's own write went from 1 to 2
        assertThat(relayed).containsExactly("pipeline_runs/pt-1 -1->0:1", "pipeline_runs/pt-1 1->2:1");
    }

    @Test
    void whatADecisionAnnouncesCarriesWhenTheFactThatLedToItHappened() {
        advance.advance(plan(task("a"), task("b")));
        Instant jobEnded = Instant.parse("2025-12-31T23:59:59Z");
        advance.advance(new RunFact.JobTaskChanged("a:1", "pt-1", "a", TaskStatus.SUCCEEDED, null, Map.of()), jobEnded);

        assertThat(runs.outbox.get("pt-1")).extracting(OutboxEntry::causedAt).containsExactly(null, jobEnded);
    }

    @Test
    void aRunThatAPersonResumesTellsItsPipelineTaskBeforeItStartsTheNextTask() {
        advance.advance(plan(task("a"), task("b")));
        advance.advance(new RunFact.JobTaskChanged("a:1", "pt-1", "a", TaskStatus.FAILED, "exit 1", Map.of()));
        advance.advance(new RunFact.JobTaskChanged("a:2", "pt-1", "a", TaskStatus.SKIPPED, "skipped by alice", Map.of()));

        assertThat(announced).extracting(Outgoing::id)
                .containsExactly("a#1", "pt-1:FAILED", "pt-1:resumed:1", "b#1");
    }

    @Test
    void anEventOfAnUnknownRunIsSkipped() {
        assertThat(advance.advance(new RunFact.CancelRequested("c", "pt-unknown"))).isEmpty();
        assertThat(runs.get("pt-unknown")).isNull();
    }

}
