package io.mflow.task.app;

import io.mflow.task.domain.Actor;
import io.mflow.task.domain.JobTask;
import java.time.Clock;

/**
 * A person cancels one job task. It goes CANCELING and its run's driver has the runner stop it (or keep it from
 * starting); the runner's CANCELED report ends it, and a pipeline run then goes CANCELED.
 */
public class CancelJobTask {

    private final JobTaskWrites writes;
    private final Clock clock;

    public CancelJobTask(JobTaskWrites writes, Clock clock) {
        this.writes = writes;
        this.clock = clock;
    }

    public JobTask cancel(String jobTaskId, Actor actor, String reason) {
        return writes.change(jobTaskId, task -> task.cancel(actor, reason, clock.instant()));
    }
}
