package io.mflow.runner.adapter.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import io.mflow.localrunner.domain.Outcome;
import io.mflow.localrunner.domain.ReportStage;
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

/** {@code agent_jobs}: one document per AGENT attempt, replaced whole under its version. */
public class MongoAgentJobs implements AgentJobs {

    private final MongoCollection<Document> collection;

    public MongoAgentJobs(MongoTemplate mongo) {
        this.collection = mongo.getCollection("agent_jobs");
        collection.createIndex(Indexes.ascending("state", "queuedAt"));
    }

    @Override
    public boolean add(AgentJob job) {
        try {
            collection.insertOne(toDocument(job));
            return true;
        } catch (MongoWriteException e) {
            if (ErrorCategory.fromErrorCode(e.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            return false;
        }
    }

    @Override
    public Optional<AgentJob> find(String attemptId) {
        return Optional.ofNullable(collection.find(Filters.eq("_id", attemptId)).first()).map(MongoAgentJobs::toJob);
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

    @Override
    public boolean replace(AgentJob before, AgentJob after) {
        return collection.replaceOne(Filters.and(Filters.eq("_id", before.attemptId()),
                Filters.eq("version", before.version())), toDocument(after)).getModifiedCount() == 1;
    }

    private static Document toDocument(AgentJob job) {
        Document doc = new Document("_id", job.attemptId())
                .append("jobTaskId", job.jobTaskId())
                .append("tags", job.tags())
                .append("state", job.state().name())
                .append("agent", job.agent())
                .append("queuedAt", Date.from(job.queuedAt()))
                .append("changedAt", Date.from(job.changedAt()))
                .append("version", job.version());
        Outcome outcome = job.outcome();
        if (outcome != null) {
            doc.append("outcome", new Document("stage", outcome.stage().name()).append("message", outcome.message())
                    .append("lost", outcome.executionLost()).append("exitCode", outcome.exitCode())
                    // pairs, not a sub-document: output names may hold dots
                    .append("outputs", outcome.outputs().entrySet().stream()
                            .map(e -> new Document("key", e.getKey()).append("value", e.getValue())).toList()));
        }
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
        Number version = d.get("version", Number.class);
        return new AgentJob(d.getString("_id"), d.getString("jobTaskId"), d.getList("tags", String.class, List.of()),
                AgentJob.State.valueOf(d.getString("state")), d.getString("agent"), d.getDate("queuedAt").toInstant(),
                d.getDate("changedAt").toInstant(), outcome, version == null ? 0 : version.longValue());
    }
}
