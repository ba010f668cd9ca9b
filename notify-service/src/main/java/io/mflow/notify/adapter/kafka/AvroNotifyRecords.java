package io.mflow.notify.adapter.kafka;

import io.mflow.notify.app.NotifyRecords;
import io.mflow.notify.domain.Delivery;
import io.mflow.notify.domain.DeliveryResult;
import io.mflow.notify.domain.Endpoint;
import io.mflow.notify.domain.Notice;
import io.mflow.platform.outbox.OutboxEntry;
import io.mflow.schemas.Topics;
import io.mflow.schemas.common.DeliveryState;
import io.mflow.schemas.common.NoticeSubject;
import io.mflow.schemas.event.NotificationDelivered;
import io.mflow.schemas.event.NotifyEndpointChanged;
import io.mflow.schemas.serde.AvroSerializer;
import io.mflow.schemas.serde.EncodedRecord;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;

/** What notify-service announces, encoded for the relay. */
public class AvroNotifyRecords implements NotifyRecords {

    private final AvroSerializer serializer;

    public AvroNotifyRecords(AvroSerializer serializer) {
        this.serializer = serializer;
    }

    @Override
    public OutboxEntry delivered(Delivery settled) {
        Notice notice = settled.notice();
        DeliveryResult result = settled.lastResult();
        NotificationDelivered delivered = NotificationDelivered.newBuilder()
                .setEventId(settled.id() + ":" + settled.state().name())
                .setDeliveryId(settled.id())
                .setNoticeEventId(notice.eventId())
                .setSubject(NoticeSubject.valueOf(notice.subject().name()))
                .setJobTaskId(notice.jobTaskId())
                .setPipelineTaskId(notice.pipelineTaskId())
                .setEvent(notice.event())
                .setChannel(settled.channel().name())
                .setTarget(settled.target())
                .setEndpointId(settled.endpointId())
                .setState(DeliveryState.valueOf(settled.state().name()))
                .setAttempts(settled.attempts())
                .setHttpStatus(result == null ? null : result.httpStatus())
                .setPlatformCode(result == null ? null : result.platformCode())
                .setPlatformMessage(result == null ? null : result.platformMessage())
                .setResponseExcerpt(result == null ? null : result.responseExcerpt())
                .setDurationMillis(result == null ? 0 : result.durationMillis())
                .setError(result == null ? null : result.error())
                .setOccurredAt(settled.finishedAt() == null ? Instant.now() : settled.finishedAt())
                .build();
        String key = notice.pipelineTaskId() != null ? notice.pipelineTaskId() : notice.jobTaskId();
        return entry(delivered.getEventId(), key, delivered);
    }

    @Override
    public OutboxEntry endpointChanged(Endpoint endpoint) {
        Instant at = endpoint.changedAt() == null ? Instant.now() : endpoint.changedAt();
        NotifyEndpointChanged changed = NotifyEndpointChanged.newBuilder()
                .setEventId(endpoint.id() + ":" + (endpoint.disabled() ? "disabled" : "enabled") + ":"
                        + at.toEpochMilli())
                .setEndpointId(endpoint.id())
                .setTarget(endpoint.target())
                .setDisabled(endpoint.disabled())
                .setFailuresInARow(endpoint.failuresInARow())
                .setReason(endpoint.reason())
                .setOccurredAt(at)
                .build();
        return entry(changed.getEventId(), endpoint.id(), changed);
    }

    private OutboxEntry entry(String id, String key, SpecificRecord record) {
        EncodedRecord encoded = serializer.encode(Topics.NOTIFY_EVENTS, record);
        return new OutboxEntry(id, Topics.NOTIFY_EVENTS, key, encoded.headers(), encoded.value());
    }
}
