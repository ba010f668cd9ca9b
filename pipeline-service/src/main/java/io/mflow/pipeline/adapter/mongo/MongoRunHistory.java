package io.mflow.pipeline.adapter.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import io.mflow.pipeline.app.RunHistory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Retention over {@code pipeline_runs}, by {@code concludedAt} (written when a run concludes). Runs stored before it was
 * written carry none and are left as they are.
 */
public class MongoRunHistory implements RunHistory {

    private final MongoCollection<Document> runs;

    public MongoRunHistory(MongoTemplate mongo) {
        this.runs = mongo.getCollection(MongoPipelineRuns.COLLECTION);
        runs.createIndex(Indexes.ascending("concludedAt"));
    }

    @Override
    public int removeConcludedBefore(Instant cutoff, int limit) {
        Bson due = Filters.and(Filters.lt("concludedAt", Date.from(cutoff)), Filters.ne("conclusion", null));
        List<String> ids = new ArrayList<>();
        runs.find(due).sort(Sorts.ascending("concludedAt")).limit(limit).projection(Projections.include("_id"))
                .forEach(doc -> ids.add(doc.getString("_id")));
        if (ids.isEmpty()) {
            return 0;
        }
        // a run whose last records the relay has not sent yet stays until they are
        Bson sent = Filters.and(Filters.ne("outboxPending", true),
                Filters.or(Filters.exists("outbox", false), Filters.size("outbox", 0)));
        return (int) runs.deleteMany(Filters.and(Filters.in("_id", ids), due, sent)).getDeletedCount();
    }
}
