package io.mflow.pipeline.adapter.kafka;

import io.mflow.platform.kafka.InvalidRecordException;
import io.mflow.pipeline.app.AdvancePipelineRun;
import io.mflow.schemas.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

/** Feeds task-service's facts to the pipeline runs, one partition (so one run) in order. */
public class TaskEventsListener {

    private final AvroMapping mapping;
    private final AdvancePipelineRun advancePipelineRun;

    public TaskEventsListener(AvroMapping mapping, AdvancePipelineRun advancePipelineRun) {
        this.mapping = mapping;
        this.advancePipelineRun = advancePipelineRun;
    }

    @KafkaListener(id = "pipeline-service-task-events", idIsGroup = false, topics = Topics.TASK_EVENTS)
    public void on(ConsumerRecord<String, SpecificRecord> record) {
        if (record.value() == null) {
            throw new InvalidRecordException("empty value on " + Topics.TASK_EVENTS);
        }
        mapping.toFact(record.value()).ifPresent(fact -> advancePipelineRun.advance(fact,
                mapping.causeTimeOf(record.value()).orElse(null)));
    }
}
