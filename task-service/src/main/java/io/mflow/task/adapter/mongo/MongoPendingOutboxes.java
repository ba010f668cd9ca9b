package io.mflow.task.adapter.mongo;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import io.mflow.platform.outbox.MongoOutboxDocuments;
import io.mflow.platform.outbox.OutboxStore;
import io.mflow.platform.outbox.PendingOutbox;
import io.mflow.task.app.Outbox;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.BasicQuery;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/** The outboxes inside pipeline task and job task documents, for the platform's relay. */
@Component
class MongoPendingOutboxes implements OutboxStore {

    private final MongoTemplate mongo;

    MongoPendingOutboxes(MongoTemplate mongo) {
        this.mongo = mongo;
        for (Outbox.Kind kind : Outbox.Kind.values()) {
            MongoOutboxDocuments.prepare(mongo.getCollection(collectionOf(kind)));
        }
    }

    /** Pipeline tasks before job tasks, so a run's plan goes out before the changes of its tasks. */
    @Override
    @SuppressWarnings("unchecked")
    public List<PendingOutbox> pending(int limit) {
        List<PendingOutbox> pending = new ArrayList<>();
        for (Outbox.Kind kind : List.of(Outbox.Kind.PIPELINE_TASK, Outbox.Kind.JOB_TASK)) {
            Query query = new BasicQuery(new Document(MongoOutboxDocuments.PENDING, true)).limit(limit);
            query.fields().include(StateDocuments.OUTBOX);
            for (Document document : mongo.find(query, Document.class, collectionOf(kind))) {
                pending.add(pendingOf(new Outbox.Owner(kind, document.getString("_id")),
                        (List<Document>) document.get(StateDocuments.OUTBOX)));
            }
        }
        return pending;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Optional<PendingOutbox> pendingOf(String key) {
        Outbox.Owner owner = Outbox.Owner.ofKey(key);
        Query query = query(where("_id").is(owner.id()));
        query.fields().include(StateDocuments.OUTBOX).include(StateDocuments.VERSION);
        Document document = mongo.findOne(query, Document.class, collectionOf(owner.kind()));
        List<Document> entries = document == null ? null : (List<Document>) document.get(StateDocuments.OUTBOX);
        if (entries == null || entries.isEmpty()) {
            return Optional.empty();
        }
        Number version = document.get(StateDocuments.VERSION, Number.class);
        return Optional.of(new PendingOutbox(owner.key(), version == null ? PendingOutbox.UNKNOWN_VERSION
                : version.longValue(), entries.stream().map(StateDocuments::record).toList()));
    }

    /** One bulk write per collection. */
    @Override
    public void remove(Map<String, List<String>> recordIdsByOwner) {
        Map<Outbox.Kind, Map<String, List<String>>> byKind = new EnumMap<>(Outbox.Kind.class);
        recordIdsByOwner.forEach((key, recordIds) -> {
            Outbox.Owner owner = Outbox.Owner.ofKey(key);
            byKind.computeIfAbsent(owner.kind(), kind -> new LinkedHashMap<>()).put(owner.id(), recordIds);
        });
        byKind.forEach((kind, ids) -> MongoOutboxDocuments.remove(mongo.getCollection(collectionOf(kind)), ids));
    }

    private static PendingOutbox pendingOf(Outbox.Owner owner, List<Document> entries) {
        return new PendingOutbox(owner.key(), entries.stream().map(StateDocuments::record).toList());
    }

    private static String collectionOf(Outbox.Kind kind) {
        return kind == Outbox.Kind.PIPELINE_TASK ? MongoPipelineTasks.COLLECTION : MongoJobTasks.COLLECTION;
    }
}
