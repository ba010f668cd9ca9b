package io.mflow.pipeline.app;

import java.time.Instant;

/**
 * An encoded outgoing record waiting in a run's outbox: its id, where it goes, its bytes, when it was written, and
 * when what caused it happened (null when unknown).
 */
public record OutboxEntry(String entryId, String topic, String key, String type, byte[] value, Instant storedAt,
                          Instant causedAt) {
}
