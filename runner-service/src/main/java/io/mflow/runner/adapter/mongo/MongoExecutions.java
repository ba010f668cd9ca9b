package io.mflow.runner.adapter.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import io.mflow.platform.outbox.MongoOutboxDocuments;
import io.mflow.runner.app.Executions;
import io.mflow.runner.app.PendingReports;
import io.mflow.runner.domain.Execution;
import io.mflow.runner.domain.ExecutionState;
import io.mflow.runner.domain.Transition;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.MongoTemplate;

/** Executions in MongoDB, one document per attempt with its outbox inside (the store has no transactions). */
public class MongoExecutions implements Executions {

    private final MongoCollection<Document> collection;

    public MongoExecutions(MongoTemplate mongo) {
        this.collection = mongo.getCollection(ExecutionDocuments.COLLECTION);
        collection.createIndex(Indexes.ascending("state"));
        MongoOutboxDocuments.prepare(collection);
    }

    @Override
    public boolean create(Transition.Moved created) {
        try {
            Document document = ExecutionDocuments.toDocument(created.next(), created.reports())
                    .append("updatedAt", new Date());
            if (!created.reports().isEmpty()) {
                document.append(MongoOutboxDocuments.PENDING, true);
            }
            collection.insertOne(document);
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public Optional<Execution> find(String attemptId) {
        return Optional.ofNullable(collection.find(Filters.eq("_id", attemptId)).first())
                .map(ExecutionDocuments::toExecution);
    }

    @Override
    public boolean update(Execution current, Transition.Moved moved) {
        Execution next = moved.next();
        List<Document> reports = moved.reports().stream().map(ExecutionDocuments::toDocument).toList();
        List<Bson> changes = new ArrayList<>(List.of(
                Updates.set("state", next.state().name()),
                Updates.set("pid", next.pid()),
                Updates.set("workDir", next.workDir()),
                Updates.set("version", next.version()),
                Updates.set("updatedAt", new Date())));
        if (!reports.isEmpty()) {
            changes.add(Updates.pushEach(MongoOutboxDocuments.OUTBOX, reports));
            changes.add(MongoOutboxDocuments.markPending());
        }
        return collection.updateOne(
                Filters.and(Filters.eq("_id", current.id()), Filters.eq("version", current.version())),
                Updates.combine(changes)).getModifiedCount() == 1;
    }

    @Override
    public List<Execution> unsettled() {
        List<Execution> found = new ArrayList<>();
        List<String> unsettledStates = java.util.Arrays.stream(ExecutionState.values())
                .filter(state -> !state.isSettled()).map(Enum::name).toList();
        collection.find(Filters.in("state", unsettledStates))
                .forEach(d -> found.add(ExecutionDocuments.toExecution(d)));
        return found;
    }

    @Override
    public List<PendingReports> pendingReports(int limit) {
        List<PendingReports> pending = new ArrayList<>();
        collection.find(MongoOutboxDocuments.pending()).limit(limit).forEach(d -> pending.add(pendingOf(d)));
        return pending;
    }

    @Override
    public Optional<PendingReports> pendingReportsOf(String attemptId) {
        Document d = collection.find(Filters.eq("_id", attemptId)).first();
        if (d == null || d.getList("outbox", Object.class, List.of()).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(pendingOf(d));
    }

    private static PendingReports pendingOf(Document d) {
        Execution execution = ExecutionDocuments.toExecution(d);
        return new PendingReports(execution.attempt(), execution.version(), ExecutionDocuments.outbox(d));
    }

    @Override
    public void removeReports(Map<String, List<String>> reportIdsByAttempt) {
        MongoOutboxDocuments.remove(collection, reportIdsByAttempt);
    }
}
