package io.mflow.notify.app;

/** A record encoded for the relay, stored in the document whose change produced it. */
public record OutboxEntry(String entryId, String topic, String key, String type, byte[] value) {
}
