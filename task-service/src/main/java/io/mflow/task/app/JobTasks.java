package io.mflow.task.app;

import io.mflow.task.domain.JobTask;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** What readers ask of the job tasks; every change goes through the seam ({@code AggregateChanges}). */
public interface JobTasks {

    Optional<JobTask> byId(String id);

    List<JobTask> ofPipelineTasks(Collection<String> pipelineTaskIds);

    /** Newest first. */
    Page<JobTask> page(JobTaskQuery query, int page, int size);

    /** The job task asked for by a reader, or a 404 that names it. */
    default JobTask existing(String id) {
        return byId(id).orElseThrow(() -> RequestRefused.notFound("no job task with id " + id));
    }

    /** The attempt a reader asked for (its log, its page), the current one when they named none; else a 404. */
    static int attemptOf(JobTask task, Integer asked) {
        if (asked == null) {
            return task.attempt();
        }
        if (asked < 1 || asked > task.attempt()) {
            throw RequestRefused.notFound("job task " + task.id() + " has attempts 1 to " + task.attempt()
                    + ", not " + asked);
        }
        return asked;
    }
}
