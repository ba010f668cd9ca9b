package io.mflow.task.app;

import io.mflow.platform.aggregate.AggregateChanges;
import io.mflow.task.domain.JobTask;
import io.mflow.task.domain.JobTaskEvent;
import io.mflow.task.domain.RunParam;
import java.util.List;

/**
 * An attempt of a job task was sent to its runner (a {@code RunJob} on the commands topic): the task keeps the params
 * it was sent, which only its run's driver knows in full (it fills them from earlier jobs' outputs).
 */
public class NoteSentToRunner {

    private final AggregateChanges<JobTask, JobTaskEvent> jobTasks;

    public NoteSentToRunner(AggregateChanges<JobTask, JobTaskEvent> jobTasks) {
        this.jobTasks = jobTasks;
    }

    /** @return false when there is no such job task */
    public boolean note(String jobTaskId, int attempt, List<RunParam> params) {
        return jobTasks.change(jobTaskId, task -> task.sentToRunner(attempt, params)).isPresent();
    }
}
