package io.mflow.notify.adapter.kafka;

import io.mflow.notify.app.NoteRunEnds;
import io.mflow.notify.app.NotifyOfChange;
import io.mflow.notify.app.RecordSubscribers;
import io.mflow.notify.domain.TaskChange;
import io.mflow.platform.kafka.InvalidRecordException;
import io.mflow.schemas.Topics;
import io.mflow.schemas.sealed.SealedValues;
import io.mflow.schemas.event.JobTaskCreated;
import io.mflow.schemas.event.JobTaskGateChanged;
import io.mflow.schemas.event.JobTaskRetried;
import io.mflow.schemas.event.JobTaskStatusChanged;
import io.mflow.schemas.event.PipelineTaskCreated;
import io.mflow.schemas.event.PipelineTaskStatusChanged;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Plans bring the subscriptions, changes queue the deliveries. Both arrive on one topic keyed by the run, so a plan
 * is always stored before the changes of its tasks are read.
 */
public class TaskEventsListener {

    private final RecordSubscribers recordSubscribers;
    private final NotifyOfChange notifyOfChange;
    private final SealedValues sealed;
    private final NoteRunEnds noteRunEnds;

    public TaskEventsListener(RecordSubscribers recordSubscribers, NotifyOfChange notifyOfChange, SealedValues sealed,
                              NoteRunEnds noteRunEnds) {
        this.recordSubscribers = recordSubscribers;
        this.notifyOfChange = notifyOfChange;
        this.sealed = sealed;
        this.noteRunEnds = noteRunEnds;
    }

    @KafkaListener(topics = Topics.TASK_EVENTS)
    public void on(ConsumerRecord<String, SpecificRecord> record) {
        SpecificRecord value = record.value();
        if (value instanceof PipelineTaskCreated plan) {
            recordSubscribers.record(NotifyAvroMapping.subscribers(plan, sealed));
        } else if (value instanceof JobTaskCreated created) {
            recordSubscribers.record(List.of(NotifyAvroMapping.subscriber(created)));
        } else if (value instanceof JobTaskStatusChanged change) {
            changed(NotifyAvroMapping.change(change));
        } else if (value instanceof PipelineTaskStatusChanged change) {
            changed(NotifyAvroMapping.change(change));
        } else if (value instanceof JobTaskGateChanged gate) {
            if (NotifyAvroMapping.isWaiting(gate)) {
                notifyOfChange.notify(NotifyAvroMapping.waiting(gate));
            }
        } else if (!(value instanceof JobTaskRetried)) {
            // a retry is told through the stage change that follows it
            throw new InvalidRecordException("not a task event: "
                    + (value == null ? "an empty value" : value.getSchema().getFullName()));
        }
    }

    /** Told first, then noted: a redelivered end is noted again, harmlessly, after its deliveries are queued. */
    private void changed(TaskChange change) {
        notifyOfChange.notify(change);
        noteRunEnds.note(change);
    }
}
