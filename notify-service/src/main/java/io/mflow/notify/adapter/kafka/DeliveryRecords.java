package io.mflow.notify.adapter.kafka;

import io.mflow.notify.domain.Delivery;
import io.mflow.notify.domain.DeliverySettled;
import io.mflow.platform.aggregate.EventEncoder;
import io.mflow.platform.outbox.OutboxEntry;
import io.mflow.schemas.Topics;
import io.mflow.schemas.event.NotificationDelivered;
import io.mflow.schemas.serde.AvroSerializer;
import io.mflow.schemas.serde.EncodedRecord;

/** A settled delivery announced: {@code NotificationDelivered} on {@code mflow.notify-events}, keyed by the run. */
public class DeliveryRecords implements EventEncoder<Delivery, DeliverySettled> {

    private final AvroSerializer serializer;

    public DeliveryRecords(AvroSerializer serializer) {
        this.serializer = serializer;
    }

    @Override
    public OutboxEntry encode(Delivery settled, DeliverySettled event) {
        NotificationDelivered delivered = NotifyAvroMapping.delivered(settled);
        EncodedRecord encoded = serializer.encode(Topics.NOTIFY_EVENTS, delivered);
        return new OutboxEntry(delivered.getEventId(), Topics.NOTIFY_EVENTS,
                NotifyAvroMapping.keyOf(settled.notice()), encoded.headers(), encoded.value());
    }
}
