package io.mflow.notify.app;

import io.mflow.notify.domain.Delivery;
import io.mflow.notify.domain.Endpoint;
import io.mflow.platform.outbox.OutboxEntry;

/** Encodes what notify-service announces on {@code mflow.notify-events}. */
public interface NotifyRecords {

    OutboxEntry delivered(Delivery settled);

    OutboxEntry endpointChanged(Endpoint endpoint);
}
