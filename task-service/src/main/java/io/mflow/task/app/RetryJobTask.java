package io.mflow.task.app;

import io.mflow.platform.aggregate.AggregateChanges;
import io.mflow.platform.change.Change;
import io.mflow.task.domain.Actor;
import io.mflow.task.domain.JobTask;
import io.mflow.task.domain.JobTaskEvent;
import io.mflow.task.domain.Limits;
import io.mflow.task.domain.ParamValue;
import io.mflow.task.domain.PipelineTask;
import io.mflow.task.domain.RunParam;
import io.mflow.task.domain.Status;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A person starts a new attempt of a job task that FAILED or was CANCELED. A task of a pipeline is retried only when
 * it alone failed its run: the run then resumes from it. A run that other tasks failed too, or that was canceled,
 * stays as it ended (retry or skip the others, or run the pipeline again).
 */
public class RetryJobTask {

    private final JobTasks jobTasks;
    private final PipelineTasks pipelineTasks;
    private final AggregateChanges<JobTask, JobTaskEvent> changes;
    private final Secrets secrets;
    private final Clock clock;
    private final LaneTurns laneTurns;

    public RetryJobTask(JobTasks jobTasks, PipelineTasks pipelineTasks, AggregateChanges<JobTask, JobTaskEvent> changes,
                        Secrets secrets, Clock clock) {
        this(jobTasks, pipelineTasks, changes, secrets, clock, null);
    }

    /** @param laneTurns where a failed run of a lane takes its lane again before it resumes (null: no lanes) */
    public RetryJobTask(JobTasks jobTasks, PipelineTasks pipelineTasks, AggregateChanges<JobTask, JobTaskEvent> changes,
                        Secrets secrets, Clock clock, LaneTurns laneTurns) {
        this.laneTurns = laneTurns;
        this.jobTasks = jobTasks;
        this.pipelineTasks = pipelineTasks;
        this.changes = changes;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** @param given params laid over the ones the task had; read-only ones and names it lacks are refused */
    public JobTask retry(String jobTaskId, Actor actor, List<ParamValue> given, String reason) {
        RequestRefused.ifInvalid(Limits.checkValues("params", given));
        return RequestRefused.unlessRefused(changes.change(jobTaskId, task -> {
            List<RunParam> params;
            try {
                params = overlaid(task.id(), task.plan().params(), given);
            } catch (RequestRefused invalid) {
                return Change.refused(RequestRefused.INVALID_CODE, invalid.getMessage());
            }
            String problem = task.pipelineTaskId() == null ? null : whyTheRunCannotResume(task);
            if (problem != null) {
                return Change.refused(problem);
            }
            return task.retry(actor, params, reason, clock.instant(), secrets.attemptTokens());
        }), "job task with id " + jobTaskId);
    }

    /** @throws RequestRefused when a param is read-only or the task has none of that name */
    private List<RunParam> overlaid(String jobTaskId, List<RunParam> params, List<ParamValue> given) {
        List<RunParam> next = new ArrayList<>(params);
        for (ParamValue value : given) {
            int at = -1;
            for (int i = 0; i < next.size(); i++) {
                if (next.get(i).name().equals(value.name())) {
                    at = i;
                }
            }
            if (at < 0) {
                throw RequestRefused.invalid("the job task has no param '" + value.name() + "'");
            }
            RunParam param = next.get(at);
            if (param.readOnly()) {
                throw RequestRefused.invalid("param '" + value.name() + "' is read-only");
            }
            RunParam laid = param.withValue(value.trimmed());
            RequestRefused.ifInvalid(laid.typeProblem());
            next.set(at, secrets.sealedIfSensitive(jobTaskId, laid));
        }
        return next;
    }

    private String whyTheRunCannotResume(JobTask task) {
        Optional<PipelineTask> run = pipelineTasks.byId(task.pipelineTaskId());
        if (run.isEmpty() || run.get().stage() != Status.FAILED) {
            return "job task " + task.id() + " can be retried once its run has failed because of it; the run is "
                    + run.map(r -> r.stage().name()).orElse("unknown");
        }
        List<String> others = jobTasks.ofPipelineTasks(List.of(task.pipelineTaskId())).stream()
                .filter(other -> !other.id().equals(task.id()))
                .filter(other -> (other.stage() == Status.FAILED && !other.plan().ignoreFailed())
                        || other.stage() == Status.CANCELED || other.stage() == Status.CANCELING)
                .map(JobTask::name).toList();
        if (!others.isEmpty()) {
            return "the run failed because of " + String.join(", ", others)
                    + " too: retry or skip those, or run the pipeline again";
        }
        // last, as it takes the lane back when it is free (a sweep lets it go again if the retry is then refused)
        return laneTurns == null ? null : laneTurns.refusalToResume(run.get()).orElse(null);
    }
}
