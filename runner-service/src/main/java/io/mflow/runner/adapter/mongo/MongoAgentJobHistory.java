package io.mflow.runner.adapter.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import io.mflow.runner.app.AgentJobHistory;
import io.mflow.runner.domain.ExecutionState;
import io.mflow.runner.domain.agent.AgentJob;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.MongoTemplate;

/** Retention's reads and removals over {@code agent_jobs}: settled ones, by when they settled. */
public class MongoAgentJobHistory implements AgentJobHistory {

    private static final List<String> SETTLED = Arrays.stream(AgentJob.State.values())
            .filter(AgentJob.State::isSettled).map(Enum::name).toList();
    private static final List<String> EXECUTION_SETTLED = Arrays.stream(ExecutionState.values())
            .filter(ExecutionState::isSettled).map(Enum::name).toList();

    private final MongoCollection<Document> agentJobs;
    private final MongoCollection<Document> executions;

    public MongoAgentJobHistory(MongoTemplate mongo) {
        this.agentJobs = mongo.getCollection(MongoAgentJobs.COLLECTION);
        this.executions = mongo.getCollection(MongoExecutions.COLLECTION);
        // a settled attempt never changes again, so it is when it settled; a few changes per attempt before that
        agentJobs.createIndex(Indexes.ascending("changedAt"));
    }

    @Override
    public int removeSettledBefore(Instant cutoff, int limit) {
        Bson due = Filters.and(Filters.lt("changedAt", Date.from(cutoff)), Filters.in("state", SETTLED));
        List<String> found = new ArrayList<>();
        agentJobs.find(due).sort(Sorts.ascending("changedAt")).limit(limit).projection(Projections.include("_id"))
                .forEach(doc -> found.add(doc.getString("_id")));
        if (found.isEmpty()) {
            return 0;
        }
        // an execution still going (its runner was away) reads its outcome from here when its runner comes back
        Set<String> going = new HashSet<>();
        executions.find(Filters.and(Filters.in("_id", found), Filters.nin("state", EXECUTION_SETTLED)))
                .projection(Projections.include("_id")).forEach(doc -> going.add(doc.getString("_id")));
        List<String> removable = found.stream().filter(id -> !going.contains(id)).toList();
        if (removable.isEmpty()) {
            return 0;
        }
        return (int) agentJobs.deleteMany(Filters.and(Filters.in("_id", removable), due)).getDeletedCount();
    }
}
