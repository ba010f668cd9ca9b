package io.mflow.task.app;

import io.mflow.platform.aggregate.AggregateChanges;
import io.mflow.task.domain.Actor;
import io.mflow.task.domain.JobTask;
import io.mflow.task.domain.JobTaskEvent;
import java.time.Clock;

/** A person skips a FAILED or PENDING job task; its run goes on as if it had succeeded. */
public class SkipJobTask {

    private final AggregateChanges<JobTask, JobTaskEvent> jobTasks;
    private final Clock clock;

    public SkipJobTask(AggregateChanges<JobTask, JobTaskEvent> jobTasks, Clock clock) {
        this.jobTasks = jobTasks;
        this.clock = clock;
    }

    public JobTask skip(String jobTaskId, Actor actor, String reason) {
        if (reason == null || reason.isBlank()) {
            throw RequestRefused.invalid("reason is required: say why the task is skipped");
        }
        return RequestRefused.unlessRefused(
                jobTasks.change(jobTaskId, task -> task.skip(actor, reason, clock.instant())),
                "job task with id " + jobTaskId);
    }
}
