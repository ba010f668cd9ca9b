package io.mflow.pipeline.adapter.mongo;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import io.mflow.platform.outbox.MongoOutboxDocuments;
import io.mflow.platform.outbox.OutboxEntry;
import io.mflow.platform.outbox.OutboxStore;
import io.mflow.platform.outbox.PendingOutbox;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.BasicQuery;
import org.springframework.data.mongodb.core.query.Query;

/** The outbox inside each run document, for the platform's relay; a run's owner name is its pipeline task id. */
public class MongoRunOutboxes implements OutboxStore {

    private final MongoTemplate mongo;
    private final String collection;

    public MongoRunOutboxes(MongoTemplate mongo) {
        this.mongo = mongo;
        this.collection = mongo.getCollectionName(RunDocument.class);
        MongoOutboxDocuments.prepare(mongo.getCollection(collection));
    }

    @Override
    public Optional<PendingOutbox> pendingOf(String pipelineTaskId) {
        Query byId = query(where("_id").is(pipelineTaskId));
        byId.fields().include("outbox").include("version");
        return Optional.ofNullable(mongo.findOne(byId, Document.class, collection)).map(this::pendingOf)
                .filter(pending -> !pending.records().isEmpty());
    }

    @Override
    public List<PendingOutbox> pending(int limit) {
        Query withOutbox = new BasicQuery(new Document(MongoOutboxDocuments.PENDING, true)).limit(limit);
        withOutbox.fields().include("outbox");
        return mongo.find(withOutbox, Document.class, collection).stream().map(this::pendingOf).toList();
    }

    /** One bulk write for the whole batch. */
    @Override
    public void remove(Map<String, List<String>> recordIdsByRun) {
        MongoOutboxDocuments.remove(mongo.getCollection(collection), recordIdsByRun);
    }

    private PendingOutbox pendingOf(Document run) {
        Number version = run.get("version", Number.class);
        return new PendingOutbox(run.getString("_id"), version == null ? PendingOutbox.UNKNOWN_VERSION
                : version.longValue(), run.getList("outbox", Document.class, List.of()).stream()
                .map(entry -> {
                    OutboxEntry stored = mongo.getConverter().read(RunDocument.OutboxEntryDocument.class, entry).toApp();
                    return stored.toRecord(stored.storedAt());
                })
                .toList());
    }
}
