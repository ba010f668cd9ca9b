package io.mflow.platform.aggregate;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.mflow.platform.outbox.MongoOutboxDocuments;
import io.mflow.platform.outbox.MongoOutboxes;
import io.mflow.platform.outbox.OutboxEntry;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The two guarded writes of an aggregate's MongoDB document with its outbox, as {@link AggregateStore} asks for them:
 * the document's {@code version} is the guard, its {@code outbox} is laid out as {@link MongoOutboxDocuments} says.
 * Every service's Mongo {@code AggregateStore} writes through these.
 */
public final class VersionedDocuments {

    private VersionedDocuments() {
    }

    /** Inserts {@code fields} (with their {@code _id}) at the first version; false when the id is taken. */
    public static boolean insert(MongoCollection<Document> collection, Document fields, List<OutboxEntry> outbox) {
        try {
            collection.insertOne(insertable(fields, outbox));
            return true;
        } catch (MongoWriteException e) {
            if (ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    /** {@code fields} (with their {@code _id}) at the first version with {@code outbox}, as an insert takes them. */
    public static Document insertable(Document fields, List<OutboxEntry> outbox) {
        Document document = new Document(fields).append(MongoOutboxes.VERSION, Stored.FIRST_VERSION)
                .append(MongoOutboxDocuments.OUTBOX, records(outbox));
        if (!outbox.isEmpty()) {
            document.append(MongoOutboxDocuments.PENDING, true);
        }
        return document;
    }

    /**
     * Sets {@code fields} (without {@code _id}) and appends {@code outbox}, only if the stored version still is
     * {@code expectedVersion}; false when someone else wrote first.
     */
    public static boolean update(MongoCollection<Document> collection, String id, long expectedVersion, Document fields,
                          List<OutboxEntry> outbox) {
        Document set = new Document(fields).append(MongoOutboxes.VERSION, expectedVersion + 1);
        set.remove("_id");
        Document update = new Document("$set", set);
        if (!outbox.isEmpty()) {
            set.append(MongoOutboxDocuments.PENDING, true);
            update.append("$push", new Document(MongoOutboxDocuments.OUTBOX, new Document("$each", records(outbox))));
        }
        // A document written before it kept a version is at the first one (versionOf), so that is what it matches.
        Bson version = expectedVersion == Stored.FIRST_VERSION
                ? Filters.or(Filters.eq(MongoOutboxes.VERSION, expectedVersion), Filters.exists(MongoOutboxes.VERSION, false))
                : Filters.eq(MongoOutboxes.VERSION, expectedVersion);
        return collection.updateOne(Filters.and(Filters.eq("_id", id), version), update).getModifiedCount() == 1;
    }

    /** The stored version; a document without one is at the first. */
    public static long versionOf(Document document) {
        Number version = document.get(MongoOutboxes.VERSION, Number.class);
        return version == null ? Stored.FIRST_VERSION : version.longValue();
    }

    private static List<Document> records(List<OutboxEntry> outbox) {
        return outbox.stream().map(MongoOutboxDocuments::toDocument).toList();
    }
}
