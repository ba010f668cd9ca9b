package io.mflow.task.adapter.mongo;

import io.mflow.platform.aggregate.VersionedDocuments;
import io.mflow.platform.outbox.OutboxEntry;
import java.util.List;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * A task document is its document record plus an {@code outbox} array, written through the platform's
 * {@link VersionedDocuments}: state and outbox change together in one version-guarded write.
 */
final class StateDocuments {

    private StateDocuments() {
    }

    /** A new task document with its outbox, as {@code insertMany} takes it. */
    static Document insertable(MongoTemplate mongo, Object state) {
        return VersionedDocuments.insertable(toDocument(mongo, state), List.of());
    }

    static boolean insert(MongoTemplate mongo, String collection, Object state, List<OutboxEntry> entries) {
        return VersionedDocuments.insert(mongo.getCollection(collection), toDocument(mongo, state), entries);
    }

    /**
     * Goes to the driver as a plain document: through MongoTemplate, each of the task's twenty fields was mapped again
     * against the entity, which cost as much CPU as the rest of a report's handling.
     */
    static boolean update(MongoTemplate mongo, String collection, String id, long expectedVersion, Object state,
                          List<OutboxEntry> entries) {
        return VersionedDocuments.update(mongo.getCollection(collection), id, expectedVersion, toDocument(mongo, state),
                entries);
    }

    private static Document toDocument(MongoTemplate mongo, Object state) {
        Document document = new Document();
        mongo.getConverter().write(state, document);
        document.remove("_class");
        return document;
    }
}
