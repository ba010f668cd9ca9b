package io.mflow.task.adapter.kafka;

import io.mflow.platform.aggregate.EventEncoder;
import io.mflow.platform.outbox.OutboxEntry;
import io.mflow.task.domain.PipelineTask;
import io.mflow.task.domain.PipelineTaskEvent;
import org.springframework.stereotype.Component;

/** A pipeline task's events as the records of the contract that announce them. */
@Component
class PipelineTaskRecords implements EventEncoder<PipelineTask, PipelineTaskEvent> {

    private final TaskAvroMapping mapping;

    PipelineTaskRecords(TaskAvroMapping mapping) {
        this.mapping = mapping;
    }

    @Override
    public OutboxEntry encode(PipelineTask next, PipelineTaskEvent event) {
        return mapping.of(event);
    }
}
