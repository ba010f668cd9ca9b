package io.mflow.notify.adapter.kafka;

import io.mflow.platform.kafka.InvalidRecordException;
import io.mflow.notify.app.NotifyStatusChange;
import io.mflow.notify.app.RecordSubscriptions;
import io.mflow.schemas.Topics;
import io.mflow.schemas.event.JobTaskCreated;
import io.mflow.schemas.event.JobTaskGateChanged;
import io.mflow.schemas.event.JobTaskRetried;
import io.mflow.schemas.event.JobTaskStatusChanged;
import io.mflow.schemas.event.PipelineTaskCreated;
import io.mflow.schemas.event.PipelineTaskStatusChanged;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Plans bring the subscriptions, job task changes trigger the deliveries. Both arrive on one topic keyed by the
 * pipeline task id, so a plan is always stored before the changes of its job tasks are read.
 */
public class TaskEventsListener {

    private final RecordSubscriptions recordSubscriptions;
    private final NotifyStatusChange notifyStatusChange;

    public TaskEventsListener(RecordSubscriptions recordSubscriptions, NotifyStatusChange notifyStatusChange) {
        this.recordSubscriptions = recordSubscriptions;
        this.notifyStatusChange = notifyStatusChange;
    }

    @KafkaListener(topics = Topics.TASK_EVENTS)
    public void on(ConsumerRecord<String, SpecificRecord> record) {
        SpecificRecord value = record.value();
        if (value instanceof PipelineTaskCreated plan) {
            recordSubscriptions.record(TaskEventMapping.subscriptions(plan));
        } else if (value instanceof JobTaskStatusChanged change) {
            notifyStatusChange.notify(TaskEventMapping.statusChange(change));
        } else if (value instanceof PipelineTaskStatusChanged || value instanceof JobTaskGateChanged
                || value instanceof JobTaskCreated || value instanceof JobTaskRetried) {
            // pipeline-level webhooks, telling auditors and checkers, and hooks of single job runs are not part of
            // the plan yet
        } else {
            throw new InvalidRecordException("not a task event: "
                    + (value == null ? "an empty value" : value.getSchema().getFullName()));
        }
    }
}
