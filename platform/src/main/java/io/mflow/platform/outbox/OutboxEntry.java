package io.mflow.platform.outbox;

import java.time.Instant;
import java.util.Map;

/**
 * An outgoing record as a service writes it into the document whose change produced it: already encoded, with the
 * headers it goes out with, so the relay only sends bytes. {@code storedAt} and {@code causedAt} are as in
 * {@link OutboxRecord} (null when unknown).
 */
public record OutboxEntry(String id, String topic, String key, Map<String, String> headers, byte[] value,
                          Instant storedAt, Instant causedAt) {

    public OutboxEntry {
        headers = Map.copyOf(headers);
    }

    public OutboxEntry(String id, String topic, String key, Map<String, String> headers, byte[] value) {
        this(id, topic, key, headers, value, null, null);
    }

    /** The record the relay sends, as stored at {@code storedAt}. */
    public OutboxRecord toRecord(Instant storedAt) {
        return new OutboxRecord(id, topic, key, headers, value, storedAt, causedAt);
    }
}
