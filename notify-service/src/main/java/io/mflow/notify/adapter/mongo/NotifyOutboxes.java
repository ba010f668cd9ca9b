package io.mflow.notify.adapter.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.mflow.platform.outbox.MongoOutboxDocuments;
import io.mflow.platform.outbox.OutboxEntry;
import io.mflow.platform.outbox.OutboxRecord;
import io.mflow.platform.outbox.OutboxStore;
import io.mflow.platform.outbox.PendingOutbox;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.types.Binary;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The outboxes of settled deliveries and of endpoints, for the platform's relay. An owner is named by its
 * collection and id ({@code deliveries/<id>}, {@code endpoints/<id>}).
 */
public class NotifyOutboxes implements OutboxStore {

    private final Map<String, MongoCollection<Document>> collections = new LinkedHashMap<>();

    public NotifyOutboxes(MongoTemplate mongo) {
        collections.put(MongoSettledDeliveries.COLLECTION, mongo.getCollection(MongoSettledDeliveries.COLLECTION));
        collections.put(MongoEndpoints.COLLECTION, mongo.getCollection(MongoEndpoints.COLLECTION));
    }

    public static String ownerOf(String collection, String id) {
        return collection + "/" + id;
    }

    static Document toDocument(OutboxEntry entry) {
        return new Document("entryId", entry.id()).append("topic", entry.topic()).append("key", entry.key())
                .append(MongoOutboxDocuments.HEADERS, new Document(entry.headers()))
                .append("value", new Binary(entry.value()));
    }

    @Override
    public Optional<PendingOutbox> pendingOf(String owner) {
        int slash = owner.indexOf('/');
        MongoCollection<Document> collection = collections.get(owner.substring(0, slash));
        Document doc = collection.find(Filters.eq("_id", owner.substring(slash + 1)))
                .projection(Projections.include(MongoOutboxDocuments.OUTBOX)).first();
        return Optional.ofNullable(doc).map(d -> pendingOf(owner.substring(0, slash), d))
                .filter(pending -> !pending.records().isEmpty());
    }

    @Override
    public List<PendingOutbox> pending(int limit) {
        List<PendingOutbox> pending = new ArrayList<>();
        collections.forEach((name, collection) -> collection.find(MongoOutboxDocuments.pending())
                .projection(Projections.include(MongoOutboxDocuments.OUTBOX)).limit(limit)
                .forEach(doc -> pending.add(pendingOf(name, doc))));
        return pending.size() > limit ? pending.subList(0, limit) : pending;
    }

    @Override
    public void remove(Map<String, List<String>> recordIdsByOwner) {
        collections.forEach((name, collection) -> {
            Map<String, List<String>> ofCollection = new LinkedHashMap<>();
            recordIdsByOwner.forEach((owner, ids) -> {
                if (owner.startsWith(name + "/")) {
                    ofCollection.put(owner.substring(name.length() + 1), ids);
                }
            });
            MongoOutboxDocuments.remove(collection, ofCollection);
        });
    }

    private static PendingOutbox pendingOf(String collection, Document doc) {
        return new PendingOutbox(ownerOf(collection, doc.getString("_id")),
                doc.getList(MongoOutboxDocuments.OUTBOX, Document.class, List.of()).stream()
                        .map(entry -> new OutboxRecord(entry.getString("entryId"), entry.getString("topic"),
                                entry.getString("key"), MongoOutboxDocuments.headersOf(entry),
                                entry.get("value", Binary.class).getData(), null))
                        .toList());
    }
}
