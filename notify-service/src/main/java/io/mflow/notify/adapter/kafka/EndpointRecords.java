package io.mflow.notify.adapter.kafka;

import io.mflow.notify.domain.Endpoint;
import io.mflow.notify.domain.EndpointEvent;
import io.mflow.platform.aggregate.EventEncoder;
import io.mflow.platform.outbox.OutboxEntry;
import io.mflow.schemas.Topics;
import io.mflow.schemas.event.NotifyEndpointChanged;
import io.mflow.schemas.serde.AvroSerializer;
import io.mflow.schemas.serde.EncodedRecord;

/**
 * An endpoint disabled or enabled, announced as it stands after it ({@code NotifyEndpointChanged} on
 * {@code mflow.notify-events}), keyed by the endpoint.
 */
public class EndpointRecords implements EventEncoder<Endpoint, EndpointEvent> {

    private final AvroSerializer serializer;

    public EndpointRecords(AvroSerializer serializer) {
        this.serializer = serializer;
    }

    @Override
    public OutboxEntry encode(Endpoint endpoint, EndpointEvent event) {
        NotifyEndpointChanged changed = NotifyAvroMapping.endpointChanged(endpoint);
        EncodedRecord encoded = serializer.encode(Topics.NOTIFY_EVENTS, changed);
        return new OutboxEntry(changed.getEventId(), Topics.NOTIFY_EVENTS, endpoint.id(), encoded.headers(),
                encoded.value());
    }
}
