package io.mflow.platform.outbox;

import java.time.Instant;

/** Told of every record the broker acknowledged, on the relay's thread: for metrics, so keep it quick. */
@FunctionalInterface
public interface OutboxListener {

    void sent(OutboxRecord record, Instant acknowledgedAt);
}
