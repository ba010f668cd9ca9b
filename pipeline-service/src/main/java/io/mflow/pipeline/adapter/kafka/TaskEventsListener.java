package io.mflow.pipeline.adapter.kafka;

import io.mflow.pipeline.app.AdvancePipelineRun;
import io.mflow.platform.kafka.InvalidRecordException;
import io.mflow.schemas.Topics;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;

/** Feeds task-service's facts to the pipeline runs, one partition (so one run) in order. */
public class TaskEventsListener implements ConsumerSeekAware {

    private final PipelineAvroMapping mapping;
    private final AdvancePipelineRun advancePipelineRun;
    private final Runnable partitionsMoved;

    /**
     * @param partitionsMoved told when partitions come to or leave this instance: another instance may now write the
     *                        runs this one recalls, so it forgets them all
     */
    public TaskEventsListener(PipelineAvroMapping mapping, AdvancePipelineRun advancePipelineRun,
                              Runnable partitionsMoved) {
        this.mapping = mapping;
        this.advancePipelineRun = advancePipelineRun;
        this.partitionsMoved = partitionsMoved;
    }

    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        partitionsMoved.run();
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        partitionsMoved.run();
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
