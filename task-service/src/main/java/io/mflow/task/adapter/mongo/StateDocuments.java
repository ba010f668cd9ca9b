package io.mflow.task.adapter.mongo;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import io.mflow.platform.outbox.MongoOutboxDocuments;
import io.mflow.platform.outbox.OutboxRecord;
import io.mflow.schemas.Topics;
import io.mflow.task.app.OutboxEntry;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.Binary;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;

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

    static boolean update(MongoTemplate mongo, String collection, String id, long expectedVersion, Object state,
                          List<OutboxEntry> entries) {
        Document document = toDocument(mongo, state);
        document.remove("_id");
        document.put(VERSION, expectedVersion + 1);
        Update update = new Update();
        document.forEach(update::set);
        if (!entries.isEmpty()) {
            update.push(OUTBOX).each(entries.stream().map(StateDocuments::entry).toArray());
            update.set(MongoOutboxDocuments.PENDING, true);
        }
        return mongo.updateFirst(query(where("_id").is(id).and(VERSION).is(expectedVersion)), update, collection)
                .getModifiedCount() == 1;
    }

    static Document entry(OutboxEntry entry) {
        return new Document("id", entry.id())
                .append("topic", entry.topic())
                .append("key", entry.key())
                .append("type", entry.type())
                .append("value", new Binary(entry.value()))
                .append("storedAt", new Date());
    }

    /** An entry as the relay sends it; its type travels in the header every mflow record carries. */
    static OutboxRecord record(Document document) {
        Object value = document.get("value");
        byte[] bytes = value instanceof Binary binary ? binary.getData() : (byte[]) value;
        Date storedAt = document.getDate("storedAt");
        return new OutboxRecord(document.getString("id"), document.getString("topic"), document.getString("key"),
                Map.of(Topics.TYPE_HEADER, document.getString("type")), bytes,
                storedAt == null ? null : storedAt.toInstant());
    }

    private static Document toDocument(MongoTemplate mongo, Object state) {
        Document document = new Document();
        mongo.getConverter().write(state, document);
        document.remove("_class");
        return document;
    }
}
