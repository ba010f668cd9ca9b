package io.mflow.platform.outbox;

import java.time.Instant;
import java.util.Map;

/**
 * A record waiting in a document's outbox, ready to send as it is: a service encodes it when it writes the state
 * change that produced it, so the relay never needs to know what it carries.
 *
 * @param id       unique within its owner; consumers dedupe by the event id inside the value, the relay removes by this
 * @param storedAt when the write stored it, for the age of what waits (null if the store does not know)
 * @param causedAt when the fact that made the service write it happened, for latencies across services (a stage
 *                 hand-off starts with the report of a job's end); null when nothing outside caused it
 */
public record OutboxRecord(String id, String topic, String key, Map<String, String> headers, byte[] value,
                           Instant storedAt, Instant causedAt) {

    public OutboxRecord {
        headers = Map.copyOf(headers);
    }

    public OutboxRecord(String id, String topic, String key, Map<String, String> headers, byte[] value,
                        Instant storedAt) {
        this(id, topic, key, headers, value, storedAt, null);
    }
}
