package io.mflow.task.adapter.mongo;

import io.mflow.platform.outbox.MongoOutboxDocuments;
import io.mflow.platform.outbox.MongoOutboxes;
import io.mflow.platform.outbox.OutboxEntry;
import java.util.List;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * A task document is its document record plus an {@code outbox} array. State and outbox change together in one
 * version-guarded update; the outbox is only ever pushed to or pulled from, never overwritten, so a relay's pull and
 * a state change never undo each other.
 */
final class StateDocuments {

    static final String VERSION = MongoOutboxes.VERSION;

    private StateDocuments() {
    }

    static Document insertable(MongoTemplate mongo, Object state, List<OutboxEntry> entries) {
        Document document = toDocument(mongo, state);
        document.put(MongoOutboxDocuments.OUTBOX, entries.stream().map(MongoOutboxDocuments::toDocument).toList());
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
            update.append("$push", new Document(MongoOutboxDocuments.OUTBOX,
                    new Document("$each", entries.stream().map(MongoOutboxDocuments::toDocument).toList())));
        }
        return mongo.getCollection(collection)
                .updateOne(new Document("_id", id).append(VERSION, expectedVersion), update)
                .getModifiedCount() == 1;
    }

    private static Document toDocument(MongoTemplate mongo, Object state) {
        Document document = new Document();
        mongo.getConverter().write(state, document);
        document.remove("_class");
        return document;
    }
}
