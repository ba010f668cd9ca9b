package io.mflow.task.app;

import io.mflow.task.domain.PipelineTask;
import io.mflow.task.domain.Status;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What readers ask of the pipeline tasks; every change goes through the seam ({@code AggregateChanges}). */
public interface PipelineTasks {

    Optional<PipelineTask> byId(String id);

    /** Up to {@code limit} ids of the runs of pipeline {@code pipelineId} that have not reached a final stage. */
    List<String> unfinished(String pipelineId, int limit);

    /** Newest first; pipelineId and stage are optional filters. */
    default Page<PipelineTask> page(String pipelineId, Status stage, int page, int size) {
        return page(pipelineId, stage, Map.of(), page, size);
    }

    /** Newest first; pipelineId and stage are optional filters, and only runs carrying every one of labels. */
    Page<PipelineTask> page(String pipelineId, Status stage, Map<String, String> labels, int page, int size);
}
