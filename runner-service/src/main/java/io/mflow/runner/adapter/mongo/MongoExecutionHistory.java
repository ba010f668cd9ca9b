package io.mflow.runner.adapter.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import io.mflow.runner.app.ExecutionHistory;
import io.mflow.runner.domain.ExecutionState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.MongoTemplate;

/** Retention's reads and removals over {@code executions}: settled ones, by when they last changed. */
public class MongoExecutionHistory implements ExecutionHistory {

    private static final List<String> SETTLED = Arrays.stream(ExecutionState.values())
            .filter(ExecutionState::isSettled).map(Enum::name).toList();

    private final MongoCollection<Document> collection;

    public MongoExecutionHistory(MongoTemplate mongo) {
        this.collection = mongo.getCollection(MongoExecutions.COLLECTION);
        collection.createIndex(Indexes.ascending("updatedAt"));
    }

    @Override
    public List<Settled> settledBefore(Instant cutoff, int limit) {
        List<Settled> found = new ArrayList<>();
        collection.find(Filters.and(Filters.lt("updatedAt", Date.from(cutoff)), Filters.in("state", SETTLED)))
                .sort(Sorts.ascending("updatedAt")).limit(limit)
                .projection(Projections.include("_id", "workDir"))
                .forEach(d -> found.add(new Settled(d.getString("_id"), d.getString("workDir"))));
        return found;
    }

    @Override
    public boolean remove(String attemptId) {
        Bson sent = Filters.or(Filters.exists("outbox", false), Filters.size("outbox", 0));
        return collection.deleteOne(Filters.and(Filters.eq("_id", attemptId), Filters.in("state", SETTLED), sent))
                .getDeletedCount() == 1;
    }
}
