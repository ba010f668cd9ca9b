package io.mflow.runner.adapter.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import io.mflow.platform.aggregate.AggregateStore;
import io.mflow.platform.aggregate.Stored;
import io.mflow.platform.aggregate.VersionedDocuments;
import io.mflow.platform.outbox.OutboxEntry;
import io.mflow.runner.app.Executions;
import io.mflow.runner.domain.Execution;
import io.mflow.runner.domain.ExecutionState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Executions in MongoDB, one document per attempt with its outbox inside (the store has no transactions): the store
 * {@code AggregateChanges} writes them through, each write guarded by the document's {@code version}, and the list
 * recovery reads.
 */
public class MongoExecutions implements AggregateStore<Execution>, Executions {

    public static final String COLLECTION = ExecutionDocuments.COLLECTION;

    private final MongoCollection<Document> collection;

    public MongoExecutions(MongoTemplate mongo) {
        this.collection = mongo.getCollection(COLLECTION);
        collection.createIndex(Indexes.ascending("state"));
        collection.createIndex(Indexes.ascending("owner", "state"));
    }

    @Override
    public Optional<Stored<Execution>> read(String attemptId) {
        return Optional.ofNullable(collection.find(Filters.eq("_id", attemptId)).first())
                .map(d -> new Stored<>(ExecutionDocuments.toExecution(d), VersionedDocuments.versionOf(d)));
    }

    @Override
    public boolean insert(Execution execution, List<OutboxEntry> outbox) {
        return VersionedDocuments.insert(collection,
                ExecutionDocuments.toDocument(execution).append("updatedAt", new Date()), outbox);
    }

    @Override
    public boolean update(Execution next, long expectedVersion, List<OutboxEntry> outbox) {
        return VersionedDocuments.update(collection, next.id(), expectedVersion,
                ExecutionDocuments.movedFields(next).append("updatedAt", new Date()), outbox);
    }

    @Override
    public List<Execution> unsettled() {
        return unsettled(Filters.in("state", unsettledStates()));
    }

    @Override
    public List<Execution> unsettledOf(String owner) {
        return unsettled(Filters.and(Filters.in("state", unsettledStates()), Filters.eq("owner", owner)));
    }

    private List<Execution> unsettled(Bson filter) {
        List<Execution> found = new ArrayList<>();
        collection.find(filter).forEach(d -> found.add(ExecutionDocuments.toExecution(d)));
        return found;
    }

    private static List<String> unsettledStates() {
        return Arrays.stream(ExecutionState.values()).filter(state -> !state.isSettled()).map(Enum::name).toList();
    }
}
