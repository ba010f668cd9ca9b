package io.mflow.notify.adapter.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.mflow.notify.app.SubscriptionHistory;
import io.mflow.notify.domain.Notice;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Retention's notes and removals over {@code subscriptions}. A run's own subscription (its pipeline task's, or a job's
 * run on its own) carries {@code endedAt} while the run is ended; its job tasks' name it by {@code pipelineTaskId}.
 * An approval's subscription names the run it belongs to as well, and is never removed here.
 */
public class MongoSubscriptionHistory implements SubscriptionHistory {

    public static final String COLLECTION = "subscriptions";

    private static final String ENDED_AT = "endedAt";

    private final MongoCollection<Document> subscriptions;

    public MongoSubscriptionHistory(MongoTemplate mongo) {
        this.subscriptions = mongo.getCollection(COLLECTION);
        // only the runs' own subscriptions, and only while ended, carry it: one entry per ended run
        subscriptions.createIndex(Indexes.ascending(ENDED_AT), new IndexOptions().sparse(true));
        // written once with each job task's subscription; read only to remove a run's
        subscriptions.createIndex(Indexes.ascending("pipelineTaskId"));
    }

    @Override
    public void noteEnded(String runId, Instant at) {
        subscriptions.updateOne(runsOwn(runId), Updates.set(ENDED_AT, Date.from(at)));
    }

    @Override
    public void noteResumed(String runId) {
        subscriptions.updateOne(runsOwn(runId), Updates.unset(ENDED_AT));
    }

    @Override
    public int removeEndedBefore(Instant cutoff, int limit) {
        Bson due = Filters.lt(ENDED_AT, Date.from(cutoff));
        List<String> runs = new ArrayList<>();
        subscriptions.find(due).sort(Sorts.ascending(ENDED_AT)).limit(limit).projection(Projections.include("_id"))
                .forEach(doc -> runs.add(doc.getString("_id")));
        int removed = 0;
        for (String run : runs) {
            // documents from before pipeline-level notices have no subject: they are job tasks
            subscriptions.deleteMany(Filters.and(Filters.eq("pipelineTaskId", run),
                    Filters.nin("subject", Notice.Subject.PIPELINE_TASK.name(), Notice.Subject.APPROVAL.name())));
            // only while still ended; none resumes this late, task-service removed it a day before
            removed += (int) subscriptions.deleteOne(Filters.and(Filters.eq("_id", run), due)).getDeletedCount();
        }
        return removed;
    }

    /** The run's own subscription: a pipeline task's, or a job task's that has no pipeline task. */
    private static Bson runsOwn(String runId) {
        return Filters.and(Filters.eq("_id", runId), Filters.or(
                Filters.eq("subject", Notice.Subject.PIPELINE_TASK.name()),
                Filters.and(Filters.eq("pipelineTaskId", null), Filters.ne("subject", Notice.Subject.APPROVAL.name()))));
    }
}
