package io.mflow.task.adapter.mongo;

import io.mflow.platform.outbox.MongoOutboxDocuments;
import io.mflow.platform.outbox.OutboxEntry;
import io.mflow.platform.outbox.OutboxRecord;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.types.Binary;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * A task document is its document record plus an {@code outbox} array. State and outbox change together in one
 * version-guarded update; the outbox is only ever pushed to or pulled from, never overwritten, so a relay's pull and
 * a state change never undo each other.
 */
final class StateDocuments {

    static final String OUTBOX = MongoOutboxDocuments.OUTBOX;
    static final String VERSION = "version";

    private StateDocuments() {
    }

    static Document insertable(MongoTemplate mongo, Object state, List<OutboxEntry> entries) {
        Document document = toDocument(mongo, state);
        document.put(OUTBOX, entries.stream().map(StateDocuments::entry).toList());
        if (!entries.isEmpty()) {
            document.put(MongoOutboxDocuments.PENDING, true);
        }
        return document;
    }

    /**
     * Goes to the driver as a plain document: through MongoTemplate, each of the task's twenty fields was mapped again
     * against the entity, which cost as much CPU as the rest of a report's handling.
     */
    static boolean update(MongoTemplate mongo, String collection, String id, long expectedVersion, Object state,
                          List<OutboxEntry> entries) {
        Document fields = toDocument(mongo, state);
        fields.remove("_id");
        fields.put(VERSION, expectedVersion + 1);
        Document update = new Document("$set", fields);
        if (!entries.isEmpty()) {
            fields.put(MongoOutboxDocuments.PENDING, true);
            update.append("$push", new Document(OUTBOX,
                    new Document("$each", entries.stream().map(StateDocuments::entry).toList())));
        }
        return mongo.getCollection(collection)
                .updateOne(new Document("_id", id).append(VERSION, expectedVersion), update)
                .getModifiedCount() == 1;
    }

    static Document entry(OutboxEntry entry) {
        return new Document("id", entry.id())
                .append("topic", entry.topic())
                .append("key", entry.key())
                .append(MongoOutboxDocuments.HEADERS, new Document(entry.headers()))
                .append("value", new Binary(entry.value()))
                .append("storedAt", new Date());
    }

    /** An entry as the relay sends it, with the headers it was encoded with. */
    static OutboxRecord record(Document document) {
        Object value = document.get("value");
        byte[] bytes = value instanceof Binary binary ? binary.getData() : (byte[]) value;
        Date storedAt = document.getDate("storedAt");
        return new OutboxRecord(document.getString("id"), document.getString("topic"), document.getString("key"),
                MongoOutboxDocuments.headersOf(document), bytes,
                storedAt == null ? null : storedAt.toInstant());
    }

    private static Document toDocument(MongoTemplate mongo, Object state) {
        Document document = new Document();
        mongo.getConverter().write(state, document);
        document.remove("_class");
        return document;
    }
}
