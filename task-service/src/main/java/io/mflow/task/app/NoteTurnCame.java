package io.mflow.task.app;

import java.time.Clock;

/** pipeline-service reached a job task that waits for its audit: the audit now waits for people, and says so. */
public class NoteTurnCame {

    private final JobTaskWrites writes;
    private final Clock clock;

    public NoteTurnCame(JobTaskWrites writes, Clock clock) {
        this.writes = writes;
        this.clock = clock;
    }

    /** @return false for an unknown job task; a repeated turn, or one after people decided, changes nothing */
    public boolean turnCame(String jobTaskId) {
        return writes.changeIfPresent(jobTaskId, task -> task.turnCame(clock.instant())).isPresent();
    }
}
