package io.mflow.runner.adapter.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import io.mflow.runner.app.Agents;
import io.mflow.runner.domain.agent.Agent;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

/** {@code agents}: one document per agent name, as it last said it was. */
public class MongoAgents implements Agents {

    private final MongoCollection<Document> collection;

    public MongoAgents(MongoTemplate mongo) {
        this.collection = mongo.getCollection("agents");
    }

    @Override
    public void save(Agent agent) {
        collection.replaceOne(Filters.eq("_id", agent.name()), new Document("_id", agent.name())
                .append("tags", agent.tags()).append("version", agent.version())
                .append("concurrency", agent.concurrency()).append("lastHeartbeat", Date.from(agent.lastHeartbeat()))
                .append("user", agent.user())
                .append("untagged", agent.untagged()), new ReplaceOptions().upsert(true));
    }

    @Override
    public Optional<Agent> find(String name) {
        return Optional.ofNullable(collection.find(Filters.eq("_id", name)).first()).map(MongoAgents::toAgent);
    }

    @Override
    public List<Agent> all() {
        List<Agent> found = new ArrayList<>();
        collection.find().sort(Sorts.ascending("_id")).forEach(d -> found.add(toAgent(d)));
        return found;
    }

    private static Agent toAgent(Document d) {
        Number concurrency = d.get("concurrency", Number.class);
        return new Agent(d.getString("_id"), d.getList("tags", String.class, List.of()), d.getString("version"),
                concurrency == null ? 1 : concurrency.intValue(), d.getDate("lastHeartbeat").toInstant(),
                d.getString("user"), Boolean.TRUE.equals(d.getBoolean("untagged")));
    }
}
