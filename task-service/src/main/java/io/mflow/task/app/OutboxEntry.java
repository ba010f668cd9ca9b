package io.mflow.task.app;

/** A record waiting in a document's outbox: already encoded, so the relay only sends bytes. */
public record OutboxEntry(String id, String topic, String key, String type, byte[] value) {
}
