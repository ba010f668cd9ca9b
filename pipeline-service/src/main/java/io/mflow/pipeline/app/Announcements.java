package io.mflow.pipeline.app;

import io.mflow.pipeline.domain.Decision;
import io.mflow.pipeline.domain.Outgoing;
import io.mflow.pipeline.domain.PipelineRun;
import io.mflow.pipeline.domain.RunParamSet;
import io.mflow.pipeline.domain.TaskPlan;
import io.mflow.pipeline.domain.TaskProgress;
import io.mflow.pipeline.domain.TaskToRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Turns a decision about a run into the records that carry it out. */
final class Announcements {

    private Announcements() {
    }

    /** @param resumedBecause why a failed run goes on again, when it does (its pipeline task is told first) */
    static List<Outgoing> of(PipelineRun run, String resumedBecause, Decision decision, Instant now) {
        List<Outgoing> out = new ArrayList<>();
        if (resumedBecause != null && !run.standalone()) {
            out.add(new Outgoing.RunResumed(run.pipelineTaskId(), resumedBecause, now, run.resumes()));
        }
        if (decision instanceof Decision.Start start) {
            start.tasks().forEach(task -> out.add(dispatch(run, task, now)));
            start.awaitingAudit().forEach(task -> out.add(new Outgoing.TurnCame(task.jobTaskId(), pipelineTaskIdOf(run), now)));
        } else if (decision instanceof Decision.CancelTasks cancel) {
            String reason = cancel.conclusion().map(Decision.Conclude::message).orElse("the pipeline run is being canceled");
            cancel.tasks().forEach(task -> out.add(cancelJob(run, task, reason, now)));
            cancel.conclusion().flatMap(c -> concluded(run, c, now)).ifPresent(out::add);
        } else if (decision instanceof Decision.Conclude conclude) {
            concluded(run, conclude, now).ifPresent(out::add);
        }
        return out;
    }

    /** A job run on its own has no pipeline task to tell: its task's own end is all there is to know. */
    private static Optional<Outgoing> concluded(PipelineRun run, Decision.Conclude conclusion, Instant now) {
        return run.standalone() ? Optional.empty()
                : Optional.of(new Outgoing.RunConcluded(run.pipelineTaskId(), conclusion.status(), conclusion.message(), now,
                        run.resumes()));
    }

    private static String pipelineTaskIdOf(PipelineRun run) {
        return run.standalone() ? null : run.pipelineTaskId();
    }

    /**
     * Runs the task with the run's outputs laid over its params, or reports it FAILED if a required one is empty. A
     * dry run has no outputs: a required param that tasks before it could fill is noted as coming from their output.
     */
    private static Outgoing dispatch(PipelineRun run, TaskToRun toRun, Instant now) {
        TaskPlan task = toRun.task();
        TaskProgress progress = run.progressOf(task);
        RunParamSet retried = progress.params();
        RunParamSet params = (retried != null ? retried : task.params()).overlay(run.outputs());
        List<String> missing = params.missingRequired();
        List<TaskPlan> before = run.tasksBefore(task);
        String dryRunNote = null;
        if (!missing.isEmpty() && run.dryRun() && !before.isEmpty()) {
            dryRunNote = String.join(", ", missing) + " from output of "
                    + String.join(" or ", before.stream().map(TaskPlan::name).toList());
        } else if (!missing.isEmpty()) {
            return new Outgoing.JobTaskRejected(toRun.attemptId(), task.jobTaskId(), pipelineTaskIdOf(run), task.updateToken(),
                    "job task " + task.name() + " cannot run: required param " + String.join(", ", missing) + " has no value", now);
        }
        return new Outgoing.RunJob(toRun.attemptId(), task.jobTaskId(), pipelineTaskIdOf(run), task.name(), task.jobName(),
                task.runnerType(), task.runnerSpec(), params.params(), task.updateToken(), run.dryRun(), now,
                task.timeout(), progress.notBefore(), dryRunNote, run.labels(), task.agentTags(),
                task.manualStatus());
    }

    private static Outgoing cancelJob(PipelineRun run, TaskPlan task, String reason, Instant now) {
        return new Outgoing.CancelJob(TaskToRun.attemptIdOf(run, task), task.jobTaskId(), pipelineTaskIdOf(run), task.updateToken(),
                reason, now);
    }
}
