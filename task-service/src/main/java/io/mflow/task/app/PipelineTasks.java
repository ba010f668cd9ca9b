package io.mflow.task.app;

import io.mflow.task.domain.PipelineTask;
import io.mflow.task.domain.Stage;
import java.util.Optional;

/** What readers ask of the pipeline tasks; every change goes through the seam ({@code AggregateChanges}). */
public interface PipelineTasks {

    Optional<PipelineTask> byId(String id);

    /** Newest first; pipelineId and stage are optional filters. */
    Page<PipelineTask> page(String pipelineId, Stage stage, int page, int size);
}
