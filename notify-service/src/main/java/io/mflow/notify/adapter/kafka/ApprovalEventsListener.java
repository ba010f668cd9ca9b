package io.mflow.notify.adapter.kafka;

import io.mflow.notify.app.NotifyOfApproval;
import io.mflow.platform.kafka.InvalidRecordException;
import io.mflow.schemas.Topics;
import io.mflow.schemas.event.ApprovalChanged;
import io.mflow.schemas.sealed.SealedValues;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Release approvals' moves, keyed by approval, so one approval's come in order. Its own consumer group: a backlog of
 * task events never delays an auditor's card, nor the other way round. A redelivered move finds its deliveries by
 * their ids (event id and subscription); a record that is no approval's move goes to the dead-letter topic.
 */
public class ApprovalEventsListener {

    /** {@code mflow.approval-events}, published by task-service. */
    public static final String TOPIC = Topics.APPROVAL_EVENTS;
    public static final String GROUP = "notify-service-approvals";

    private final NotifyOfApproval notifyOfApproval;
    private final SealedValues sealed;

    public ApprovalEventsListener(NotifyOfApproval notifyOfApproval, SealedValues sealed) {
        this.notifyOfApproval = notifyOfApproval;
        this.sealed = sealed;
    }

    @KafkaListener(topics = TOPIC, groupId = GROUP)
    public void on(ConsumerRecord<String, SpecificRecord> record) {
        if (!(record.value() instanceof ApprovalChanged changed)) {
            throw new InvalidRecordException("not an approval event: "
                    + (record.value() == null ? "an empty value" : record.value().getSchema().getFullName()));
        }
        notifyOfApproval.notify(NotifyAvroMapping.approvalSubscriber(changed, sealed),
                NotifyAvroMapping.approvalNotice(changed));
    }
}
