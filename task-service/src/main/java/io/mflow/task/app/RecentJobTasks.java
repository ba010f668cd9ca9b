package io.mflow.task.app;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.mflow.task.domain.JobTask;
import java.util.Optional;

/**
 * Job tasks as this instance last stored them, so that a task's next report (a job reports three times or more)
 * costs no read. Another instance, or a report through the REST API, may have written a task since: a remembered
 * task is fit only for a decision that a version-guarded write then confirms. A task that finished is forgotten,
 * so what is kept is what is in flight, not a growing share of the history in every service's old generation.
 */
public final class RecentJobTasks {

    private final Cache<String, JobTask> recent;

    public RecentJobTasks(long capacity) {
        this.recent = Caffeine.newBuilder().maximumSize(capacity).build();
    }

    public Optional<JobTask> recall(String jobTaskId) {
        return Optional.ofNullable(recent.getIfPresent(jobTaskId));
    }

    /** @param stored the task with the version it is stored at */
    public void remember(JobTask stored) {
        recent.put(stored.id(), stored);
    }

    public void forget(String jobTaskId) {
        recent.invalidate(jobTaskId);
    }
}
