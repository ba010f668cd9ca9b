package io.mflow.runner.adapter.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import io.mflow.runner.app.RunnerLeases;
import io.mflow.runner.domain.replica.RunnerLease;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

/** {@code runner_instances}: one lease per runner-service instance, renewed by the instance alone. */
public class MongoRunnerLeases implements RunnerLeases {

    public static final String COLLECTION = "runner_instances";

    private final MongoCollection<Document> collection;

    public MongoRunnerLeases(MongoTemplate mongo) {
        this.collection = mongo.getCollection(COLLECTION);
    }

    @Override
    public void renew(RunnerLease lease) {
        collection.replaceOne(Filters.eq("_id", lease.instance()), new Document("_id", lease.instance())
                .append("host", lease.host())
                .append("renewedAt", Date.from(lease.renewedAt()))
                .append("leaseUntil", Date.from(lease.leaseUntil())), new ReplaceOptions().upsert(true));
    }

    @Override
    public Optional<RunnerLease> find(String instance) {
        return Optional.ofNullable(collection.find(Filters.eq("_id", instance)).first()).map(MongoRunnerLeases::lease);
    }

    @Override
    public List<RunnerLease> expiredAt(Instant now) {
        List<RunnerLease> found = new ArrayList<>();
        collection.find(Filters.lte("leaseUntil", Date.from(now))).forEach(d -> found.add(lease(d)));
        return found;
    }

    @Override
    public void forget(RunnerLease lease) {
        collection.deleteOne(Filters.and(Filters.eq("_id", lease.instance()),
                Filters.eq("leaseUntil", Date.from(lease.leaseUntil()))));
    }

    private static RunnerLease lease(Document d) {
        return new RunnerLease(d.getString("_id"), d.getString("host"), d.getDate("renewedAt").toInstant(),
                d.getDate("leaseUntil").toInstant());
    }
}
