package io.mflow.task.app;

import io.mflow.platform.outbox.OutboxEntry;
import io.mflow.task.domain.JobTask;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

public interface JobTasks {

    void addAll(List<JobTask> jobTasks);

    /** Stores a new job task with what its outbox announces. */
    void add(JobTask jobTask, List<OutboxEntry> outbox);

    Optional<JobTask> byId(String id);

    List<JobTask> ofPipelineTasks(Collection<String> pipelineTaskIds);

    /** Newest first. */
    Page<JobTask> page(JobTaskQuery query, int page, int size);

    /**
     * Writes the new state and appends the outbox entries in one update, only if the stored version is still
     * {@code expectedVersion}; false when someone else wrote first.
     */
    boolean update(JobTask next, long expectedVersion, List<OutboxEntry> outbox);
}
