package io.mflow.task.adapter.mongo;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import io.mflow.task.app.Outbox;
import io.mflow.task.app.PendingOutboxes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

@Component
class MongoPendingOutboxes implements PendingOutboxes {

    private static final List<String> SOURCES = List.of(MongoPipelineTasks.COLLECTION, MongoJobTasks.COLLECTION);

    private final MongoTemplate mongo;

    MongoPendingOutboxes(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<PendingOutbox> pending(int limit) {
        List<PendingOutbox> pending = new ArrayList<>();
        for (String source : SOURCES) {
            Query query = query(where(StateDocuments.OUTBOX + ".0").exists(true)).limit(limit);
            query.fields().include(StateDocuments.OUTBOX);
            for (Document document : mongo.find(query, Document.class, source)) {
                List<Document> entries = (List<Document>) document.get(StateDocuments.OUTBOX);
                pending.add(new PendingOutbox(source, document.getString("_id"),
                        entries.stream().map(StateDocuments::entry).toList()));
            }
        }
        return pending;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Optional<PendingOutbox> pendingOf(Outbox.Owner owner) {
        String source = owner.kind() == Outbox.Kind.PIPELINE_TASK ? MongoPipelineTasks.COLLECTION : MongoJobTasks.COLLECTION;
        Query query = query(where("_id").is(owner.id()));
        query.fields().include(StateDocuments.OUTBOX);
        Document document = mongo.findOne(query, Document.class, source);
        List<Document> entries = document == null ? null : (List<Document>) document.get(StateDocuments.OUTBOX);
        if (entries == null || entries.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PendingOutbox(source, owner.id(), entries.stream().map(StateDocuments::entry).toList()));
    }

    @Override
    public void remove(PendingOutbox outbox, List<String> entryIds) {
        mongo.updateFirst(query(where("_id").is(outbox.documentId())),
                new Update().pull(StateDocuments.OUTBOX, new Document("id", new Document("$in", entryIds))),
                outbox.source());
    }
}
