package io.mflow.task.app;

import io.mflow.platform.outbox.OutboxEntry;
import io.mflow.task.domain.JobTaskEvent;
import io.mflow.task.domain.PipelineTaskEvent;

/** Turns domain events into the records of the public contract. */
public interface OutboxRecords {

    OutboxEntry of(JobTaskEvent event);

    OutboxEntry of(PipelineTaskEvent event);
}
