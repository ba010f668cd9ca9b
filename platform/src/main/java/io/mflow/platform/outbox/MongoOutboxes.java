package io.mflow.platform.outbox;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;

/**
 * The outboxes a service keeps inside its MongoDB documents, as {@link MongoOutboxDocuments} lays them out, for the
 * relay: the one {@link OutboxStore} of every service whose aggregates are documents. An owner is named
 * {@code <collection>/<id>} ({@link OutboxOwner}); the version, where a document keeps one, is its {@code version}.
 */
public final class MongoOutboxes implements OutboxStore {

    public static final String VERSION = "version";

    private final Map<String, MongoCollection<Document>> collections = new LinkedHashMap<>();

    /**
     * @param collections the collections that keep outboxes, in the order the sweep sends them (what must go out
     *                    first after a crash, such as a run's plan before the changes of its tasks, comes first)
     */
    public MongoOutboxes(MongoDatabase database, List<String> collections) {
        for (String name : collections) {
            MongoCollection<Document> collection = database.getCollection(name);
            MongoOutboxDocuments.prepare(collection);
            this.collections.put(name, collection);
        }
    }

    @Override
    public Optional<PendingOutbox> pendingOf(String key) {
        OutboxOwner owner = OutboxOwner.ofKey(key);
        Document document = collectionOf(owner).find(Filters.eq("_id", owner.id()))
                .projection(Projections.include(MongoOutboxDocuments.OUTBOX, VERSION)).first();
        return Optional.ofNullable(document).map(found -> pendingOf(owner.kind(), found))
                .filter(pending -> !pending.records().isEmpty());
    }

    @Override
    public List<PendingOutbox> pending(int limit) {
        List<PendingOutbox> pending = new ArrayList<>();
        for (Map.Entry<String, MongoCollection<Document>> collection : collections.entrySet()) {
            if (pending.size() >= limit) {
                break;
            }
            // With the version: a write whose records the sweep sent is then known as sent when the relay is told of
            // it later, even once they have been taken out of the outbox.
            collection.getValue().find(MongoOutboxDocuments.pending())
                    .projection(Projections.include(MongoOutboxDocuments.OUTBOX, VERSION)).limit(limit - pending.size())
                    .forEach(document -> pending.add(pendingOf(collection.getKey(), document)));
        }
        return pending;
    }

    /** One bulk write per collection. */
    @Override
    public void remove(Map<String, List<String>> recordIdsByOwner) {
        Map<String, Map<String, List<String>>> byCollection = new LinkedHashMap<>();
        recordIdsByOwner.forEach((key, ids) -> {
            OutboxOwner owner = OutboxOwner.ofKey(key);
            byCollection.computeIfAbsent(owner.kind(), kind -> new LinkedHashMap<>()).put(owner.id(), ids);
        });
        byCollection.forEach((kind, ids) -> MongoOutboxDocuments.remove(collectionOf(new OutboxOwner(kind, "")), ids));
    }

    private MongoCollection<Document> collectionOf(OutboxOwner owner) {
        MongoCollection<Document> collection = collections.get(owner.kind());
        if (collection == null) {
            throw new IllegalArgumentException("no outboxes are kept in " + owner.kind());
        }
        return collection;
    }

    private static PendingOutbox pendingOf(String collection, Document document) {
        Number version = document.get(VERSION, Number.class);
        return new PendingOutbox(new OutboxOwner(collection, document.get("_id").toString()).key(),
                version == null ? PendingOutbox.UNKNOWN_VERSION : version.longValue(),
                document.getList(MongoOutboxDocuments.OUTBOX, Document.class, List.of()).stream()
                        .map(MongoOutboxDocuments::recordOf).toList());
    }
}
