package io.mflow.task.adapter.kafka;

import io.mflow.platform.kafka.InvalidRecordException;
import io.mflow.schemas.Topics;
import io.mflow.schemas.common.NoticeSubject;
import io.mflow.schemas.event.NotificationDelivered;
import io.mflow.schemas.event.NotifyEndpointChanged;
import io.mflow.task.app.NoticeDeliveries;
import io.mflow.task.domain.NoticeDelivery;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** notify-service's delivery results, recorded beside the tasks they told of. */
@Component
class NotifyEventsListener {

    private final NoticeDeliveries deliveries;

    NotifyEventsListener(NoticeDeliveries deliveries) {
        this.deliveries = deliveries;
    }

    @KafkaListener(id = "notify-events", idIsGroup = false, topics = Topics.NOTIFY_EVENTS)
    void on(ConsumerRecord<String, SpecificRecord> record) {
        if (record.value() instanceof NotifyEndpointChanged) {
            return; // an endpoint's health is notify-service's to show
        }
        if (!(record.value() instanceof NotificationDelivered d)) {
            throw new InvalidRecordException("expected a NotificationDelivered or a NotifyEndpointChanged, got "
                    + (record.value() == null ? "no value" : record.value().getSchema().getFullName()));
        }
        String owner = d.getSubject() == NoticeSubject.JOB_TASK ? d.getJobTaskId() : d.getPipelineTaskId();
        if (owner == null || owner.isBlank()) {
            throw new InvalidRecordException("delivery " + d.getDeliveryId() + " names no task");
        }
        deliveries.record(owner, new NoticeDelivery(d.getDeliveryId(), d.getEvent(), d.getChannel(), d.getTarget(),
                d.getState().name(), d.getAttempts(), d.getHttpStatus(), d.getPlatformCode(), d.getPlatformMessage(),
                d.getResponseExcerpt(), d.getDurationMillis(), d.getError(), d.getOccurredAt()));
    }
}
