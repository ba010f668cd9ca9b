package io.mflow.pipeline.app;

/** An encoded outgoing record waiting in a run's outbox: its id, where it goes, and its bytes. */
public record OutboxEntry(String entryId, String topic, String key, String type, byte[] value) {
}
