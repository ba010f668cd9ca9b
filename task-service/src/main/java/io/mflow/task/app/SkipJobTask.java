package io.mflow.task.app;

import io.mflow.task.domain.Actor;
import io.mflow.task.domain.JobTask;
import java.time.Clock;

/** A person skips a FAILED or PENDING job task; its run goes on as if it had succeeded. */
public class SkipJobTask {

    private final JobTaskWrites writes;
    private final Clock clock;

    public SkipJobTask(JobTaskWrites writes, Clock clock) {
        this.writes = writes;
        this.clock = clock;
    }

    public JobTask skip(String jobTaskId, Actor actor, String reason) {
        if (reason == null || reason.isBlank()) {
            throw RequestRefused.invalid("reason is required: say why the task is skipped");
        }
        return writes.change(jobTaskId, task -> task.skip(actor, reason, clock.instant()));
    }
}
