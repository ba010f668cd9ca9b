package io.mflow.platform.outbox;

import java.time.Instant;

/**
 * An outgoing record as a service writes it into the document whose change produced it: already encoded, so the
 * relay only sends bytes. {@code type} becomes the record's type header; {@code storedAt} and {@code causedAt} are as
 * in {@link OutboxRecord} (null when unknown).
 */
public record OutboxEntry(String id, String topic, String key, String type, byte[] value, Instant storedAt,
                          Instant causedAt) {

    public OutboxEntry(String id, String topic, String key, String type, byte[] value) {
        this(id, topic, key, type, value, null, null);
    }
}
