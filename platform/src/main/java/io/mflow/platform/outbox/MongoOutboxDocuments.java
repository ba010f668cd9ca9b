package io.mflow.platform.outbox;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Binary;

/**
 * The outbox of a MongoDB document, as every service keeps it: an array {@code outbox} of records with an id, and a
 * flag {@code outboxPending} that the write pushing records sets and that is taken away once the array is empty. The
 * sweep finds pending documents through an index on the flag: a scan for non-empty arrays reads every document the
 * service ever wrote, and with a long history it took seconds, during which every hand-off waited.
 */
public final class MongoOutboxDocuments {

    public static final String OUTBOX = "outbox";
    public static final String PENDING = "outboxPending";
    /** The field of a stored record that holds the headers it goes out with. */
    public static final String HEADERS = "headers";
    /** The field of a stored record that holds its id. */
    public static final String ID = "id";
    /** Where pipeline-service and notify-service kept a record's id before every service wrote {@link #ID}. */
    private static final String OLD_ID = "entryId";

    /** Before records kept their headers, they kept only their type, which went out in this header. */
    private static final String OLD_TYPE_FIELD = "type";
    private static final String TYPE_HEADER = "mflow-type";

    private MongoOutboxDocuments() {
    }

    /**
     * Indexes the flag, and flags documents written before it existed (once: the next start finds none to flag).
     */
    public static void prepare(MongoCollection<Document> collection) {
        collection.createIndex(Indexes.ascending(PENDING), new IndexOptions().sparse(true));
        collection.updateMany(Filters.and(Filters.exists(OUTBOX + ".0"), Filters.exists(PENDING, false)),
                Updates.set(PENDING, true));
    }

    /** What a write that pushes records sets beside the push. */
    public static Bson markPending() {
        return Updates.set(PENDING, true);
    }

    /** The documents whose outbox holds records. */
    public static Bson pending() {
        return Filters.eq(PENDING, true);
    }

    /** A record as every service stores it in an outbox array. */
    public static Document toDocument(OutboxEntry entry) {
        Document record = new Document(ID, entry.id()).append("topic", entry.topic()).append("key", entry.key())
                .append(HEADERS, new Document(entry.headers())).append("value", new Binary(entry.value()))
                .append("storedAt", Date.from(entry.storedAt() != null ? entry.storedAt() : Instant.now()));
        if (entry.causedAt() != null) {
            record.append("causedAt", Date.from(entry.causedAt()));
        }
        return record;
    }

    /** A stored record as the relay sends it; one stored by an earlier version is read as it was written then. */
    public static OutboxRecord recordOf(Document record) {
        Object value = record.get("value");
        byte[] bytes = value instanceof Binary binary ? binary.getData() : (byte[]) value;
        String id = record.getString(ID);
        return new OutboxRecord(id != null ? id : record.getString(OLD_ID), record.getString("topic"),
                record.getString("key"), headersOf(record), bytes, instantOf(record.get("storedAt")),
                instantOf(record.get("causedAt")));
    }

    private static Instant instantOf(Object stored) {
        return stored instanceof Date date ? date.toInstant() : stored instanceof Instant instant ? instant : null;
    }

    /** The headers of a stored record; one stored before headers were kept gets the type header it had then. */
    public static Map<String, String> headersOf(Document record) {
        Document headers = record.get(HEADERS, Document.class);
        if (headers == null) {
            String type = record.getString(OLD_TYPE_FIELD);
            return type == null ? Map.of() : Map.of(TYPE_HEADER, type);
        }
        Map<String, String> read = new LinkedHashMap<>();
        headers.forEach((name, value) -> read.put(name, String.valueOf(value)));
        return read;
    }

    /**
     * Takes sent records out of their documents in one bulk write: per document, pulls them by id, then takes the
     * flag away if nothing is left. A record pushed in between keeps the flag, since the second step matches an
     * empty outbox only. Records stored under the old id field are pulled too, so an upgrade leaves none behind.
     */
    public static void remove(MongoCollection<Document> collection, Map<String, List<String>> recordIdsByDocument) {
        List<WriteModel<Document>> writes = new ArrayList<>();
        recordIdsByDocument.forEach((id, recordIds) -> {
            writes.add(new UpdateOneModel<>(Filters.eq("_id", id), Updates.pull(OUTBOX, Filters.in(ID, recordIds))));
            writes.add(new UpdateOneModel<>(Filters.and(Filters.eq("_id", id), Filters.exists(OUTBOX + "." + OLD_ID)),
                    Updates.pull(OUTBOX, Filters.in(OLD_ID, recordIds))));
            writes.add(new UpdateOneModel<>(Filters.and(Filters.eq("_id", id), Filters.size(OUTBOX, 0)),
                    Updates.unset(PENDING)));
        });
        if (!writes.isEmpty()) {
            collection.bulkWrite(writes, new BulkWriteOptions().ordered(true));
        }
    }
}
