package io.mflow.task.app;

import io.mflow.platform.aggregate.AggregateChanges;
import io.mflow.platform.change.Change;
import io.mflow.task.domain.Actor;
import io.mflow.task.domain.JobTask;
import io.mflow.task.domain.JobTaskEvent;
import io.mflow.task.domain.Status;
import java.time.Clock;

/** A person skips a FAILED or PENDING job task; its run goes on as if it had succeeded. */
public class SkipJobTask {

    private final AggregateChanges<JobTask, JobTaskEvent> jobTasks;
    private final Clock clock;
    private final PipelineTasks pipelineTasks;
    private final LaneTurns laneTurns;

    public SkipJobTask(AggregateChanges<JobTask, JobTaskEvent> jobTasks, Clock clock) {
        this(jobTasks, clock, null, null);
    }

    /**
     * @param laneTurns where a failed run of a lane, which a skip resumes, takes its lane again first (null: no
     *                  lanes)
     */
    public SkipJobTask(AggregateChanges<JobTask, JobTaskEvent> jobTasks, Clock clock, PipelineTasks pipelineTasks,
                       LaneTurns laneTurns) {
        this.jobTasks = jobTasks;
        this.clock = clock;
        this.pipelineTasks = pipelineTasks;
        this.laneTurns = laneTurns;
    }

    /** Why a skip may not resume the task's failed run: its lane went on to another run (null: it may). */
    private String laneRefusal(JobTask task) {
        if (laneTurns == null || task.pipelineTaskId() == null) {
            return null;
        }
        return pipelineTasks.byId(task.pipelineTaskId())
                .filter(run -> run.stage() == Status.FAILED && run.inLane())
                .flatMap(laneTurns::refusalToResume).orElse(null);
    }

    public JobTask skip(String jobTaskId, Actor actor, String reason) {
        if (reason == null || reason.isBlank()) {
            throw RequestRefused.invalid("reason is required: say why the task is skipped");
        }
        return RequestRefused.unlessRefused(
                jobTasks.change(jobTaskId, task -> {
                    String lane = laneRefusal(task);
                    return lane != null ? Change.refused(lane) : task.skip(actor, reason, clock.instant());
                }),
                "job task with id " + jobTaskId);
    }
}
