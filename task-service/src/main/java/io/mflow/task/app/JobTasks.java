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
}
