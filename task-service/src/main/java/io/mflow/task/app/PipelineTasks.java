package io.mflow.task.app;

import io.mflow.platform.outbox.OutboxEntry;
import io.mflow.task.domain.PipelineTask;
import io.mflow.task.domain.Stage;
import java.util.List;
import java.util.Optional;

public interface PipelineTasks {

    void add(PipelineTask task, List<OutboxEntry> outbox);

    Optional<PipelineTask> byId(String id);

    /** Newest first; pipelineId and stage are optional filters. */
    Page<PipelineTask> page(String pipelineId, Stage stage, int page, int size);

    /** Same contract as {@link JobTasks#update}. */
    boolean update(PipelineTask next, long expectedVersion, List<OutboxEntry> outbox);
}
