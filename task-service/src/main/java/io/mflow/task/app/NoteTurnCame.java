package io.mflow.task.app;

import io.mflow.platform.aggregate.AggregateChanges;
import io.mflow.task.domain.JobTask;
import io.mflow.task.domain.JobTaskEvent;
import java.time.Clock;

/** pipeline-service reached a job task that waits for its audit: the audit now waits for people, and says so. */
public class NoteTurnCame {

    private final AggregateChanges<JobTask, JobTaskEvent> jobTasks;
    private final Clock clock;

    public NoteTurnCame(AggregateChanges<JobTask, JobTaskEvent> jobTasks, Clock clock) {
        this.jobTasks = jobTasks;
        this.clock = clock;
    }

    /** @return false for an unknown job task; a repeated turn, or one after people decided, changes nothing */
    public boolean turnCame(String jobTaskId) {
        return jobTasks.change(jobTaskId, task -> task.turnCame(clock.instant())).isPresent();
    }
}
