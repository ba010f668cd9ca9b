package io.mflow.platform.outbox;

/**
 * The document an outbox lives in, as the relay names it: {@code <kind>/<id>}, the kind being the collection (or
 * whatever the service's {@link OutboxStore} finds it by). Only in memory: never stored, never sent.
 */
public record OutboxOwner(String kind, String id) {

    public String key() {
        return kind + "/" + id;
    }

    public static OutboxOwner ofKey(String key) {
        int slash = key.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not an outbox owner: " + key);
        }
        return new OutboxOwner(key.substring(0, slash), key.substring(slash + 1));
    }
}
