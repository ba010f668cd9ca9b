package io.mflow.task.app;

import io.mflow.platform.aggregate.AggregateChanges;
import io.mflow.task.domain.Actor;
import io.mflow.task.domain.JobTask;
import io.mflow.task.domain.JobTaskEvent;
import java.time.Clock;

/**
 * A person cancels one job task. It goes CANCELING and its run's driver has the runner stop it (or keep it from
 * starting); the runner's CANCELED report ends it, and a pipeline run then goes CANCELED.
 */
public class CancelJobTask {

    private final AggregateChanges<JobTask, JobTaskEvent> jobTasks;
    private final Clock clock;

    public CancelJobTask(AggregateChanges<JobTask, JobTaskEvent> jobTasks, Clock clock) {
        this.jobTasks = jobTasks;
        this.clock = clock;
    }

    public JobTask cancel(String jobTaskId, Actor actor, String reason) {
        return RequestRefused.unlessRefused(
                jobTasks.change(jobTaskId, task -> task.cancel(actor, reason, clock.instant())),
                "job task with id " + jobTaskId);
    }
}
