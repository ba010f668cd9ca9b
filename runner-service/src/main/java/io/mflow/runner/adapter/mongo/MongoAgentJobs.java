package io.mflow.runner.adapter.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import io.mflow.localrunner.domain.Outcome;
import io.mflow.localrunner.domain.ReportStage;
import io.mflow.platform.aggregate.AggregateStore;
import io.mflow.platform.aggregate.Stored;
import io.mflow.platform.aggregate.VersionedDocuments;
import io.mflow.platform.outbox.OutboxEntry;
import io.mflow.runner.app.AgentJobs;
import io.mflow.runner.domain.agent.AgentJob;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * {@code agent_jobs}: one document per AGENT attempt, the store {@code AggregateChanges} writes them through (each
 * write guarded by the document's {@code version}), and the lists dispatch reads.
 */
public class MongoAgentJobs implements AggregateStore<AgentJob>, AgentJobs {

    public static final String COLLECTION = "agent_jobs";

    private final MongoCollection<Document> collection;

    public MongoAgentJobs(MongoTemplate mongo) {
        this.collection = mongo.getCollection(COLLECTION);
        collection.createIndex(Indexes.ascending("state", "queuedAt"));
    }

    @Override
    public Optional<Stored<AgentJob>> read(String attemptId) {
        return Optional.ofNullable(collection.find(Filters.eq("_id", attemptId)).first())
                .map(d -> new Stored<>(toJob(d), VersionedDocuments.versionOf(d)));
    }

    @Override
    public boolean insert(AgentJob job, List<OutboxEntry> outbox) {
        return VersionedDocuments.insert(collection, toDocument(job), outbox);
    }

    @Override
    public boolean update(AgentJob next, long expectedVersion, List<OutboxEntry> outbox) {
        return VersionedDocuments.update(collection, next.attemptId(), expectedVersion, toDocument(next), outbox);
    }

    @Override
    public List<AgentJob> waiting(int limit) {
        List<AgentJob> found = new ArrayList<>();
        collection.find(Filters.eq("state", AgentJob.State.WAITING.name())).sort(Sorts.ascending("queuedAt"))
                .limit(limit).forEach(d -> found.add(toJob(d)));
        return found;
    }

    @Override
    public List<AgentJob> held() {
        List<AgentJob> found = new ArrayList<>();
        collection.find(Filters.in("state", AgentJob.State.TAKEN.name(), AgentJob.State.RUNNING.name()))
                .forEach(d -> found.add(toJob(d)));
        return found;
    }

    private static Document toDocument(AgentJob job) {
        Document doc = new Document("_id", job.attemptId())
                .append("jobTaskId", job.jobTaskId())
                .append("tags", job.tags())
                .append("state", job.state().name())
                .append("agent", job.agent())
                .append("queuedAt", Date.from(job.queuedAt()))
                .append("changedAt", Date.from(job.changedAt()));
        Outcome outcome = job.outcome();
        // Always set, also to null: an update sets the fields it is given and leaves the others.
        doc.append("outcome", outcome == null ? null : new Document("stage", outcome.stage().name())
                .append("message", outcome.message())
                .append("lost", outcome.executionLost()).append("exitCode", outcome.exitCode())
                // pairs, not a sub-document: output names may hold dots
                .append("outputs", outcome.outputs().entrySet().stream()
                        .map(e -> new Document("key", e.getKey()).append("value", e.getValue())).toList()));
        return doc;
    }

    private static AgentJob toJob(Document d) {
        Document o = d.get("outcome", Document.class);
        Outcome outcome = null;
        if (o != null) {
            Map<String, String> outputs = new LinkedHashMap<>();
            o.getList("outputs", Document.class, List.of()).forEach(p -> outputs.put(p.getString("key"), p.getString("value")));
            outcome = new Outcome(ReportStage.valueOf(o.getString("stage")), o.getString("message"), outputs,
                    Boolean.TRUE.equals(o.getBoolean("lost")), o.getInteger("exitCode"));
        }
        return new AgentJob(d.getString("_id"), d.getString("jobTaskId"), d.getList("tags", String.class, List.of()),
                AgentJob.State.valueOf(d.getString("state")), d.getString("agent"), d.getDate("queuedAt").toInstant(),
                d.getDate("changedAt").toInstant(), outcome);
    }
}
