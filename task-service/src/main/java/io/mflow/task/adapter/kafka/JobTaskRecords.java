package io.mflow.task.adapter.kafka;

import io.mflow.platform.aggregate.EventEncoder;
import io.mflow.platform.outbox.OutboxEntry;
import io.mflow.task.domain.JobTask;
import io.mflow.task.domain.JobTaskEvent;
import org.springframework.stereotype.Component;

/** A job task's events as the records of the contract that announce them. */
@Component
class JobTaskRecords implements EventEncoder<JobTask, JobTaskEvent> {

    private final TaskAvroMapping mapping;

    JobTaskRecords(TaskAvroMapping mapping) {
        this.mapping = mapping;
    }

    @Override
    public OutboxEntry encode(JobTask next, JobTaskEvent event) {
        return mapping.of(event);
    }
}
