package io.mflow.task.app;

import io.mflow.task.domain.JobTask;
import io.mflow.task.domain.JobTaskEvent;
import io.mflow.task.domain.Transition;
import java.time.Clock;
import java.util.Optional;

/** pipeline-service reached a job task that waits for its audit: the audit now waits for people, and says so. */
public class NoteTurnCame {

    private static final int ATTEMPTS = 10;

    private final JobTasks jobTasks;
    private final RecentJobTasks recent;
    private final JobTaskWrites writes;
    private final Clock clock;

    public NoteTurnCame(JobTasks jobTasks, RecentJobTasks recent, JobTaskWrites writes, Clock clock) {
        this.jobTasks = jobTasks;
        this.recent = recent;
        this.writes = writes;
        this.clock = clock;
    }

    /** @return false for an unknown job task; a repeated turn, or one after people decided, changes nothing */
    public boolean turnCame(String jobTaskId) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<JobTask> found = jobTasks.byId(jobTaskId);
            if (found.isEmpty()) {
                return false;
            }
            if (!(found.get().turnCame(clock.instant()) instanceof Transition.Moved<JobTask, JobTaskEvent> moved)) {
                return true;
            }
            recent.forget(jobTaskId);
            if (writes.store(found.get(), moved)) {
                return true;
            }
        }
        throw new IllegalStateException("job task " + jobTaskId + " kept changing under " + ATTEMPTS + " attempts");
    }
}
