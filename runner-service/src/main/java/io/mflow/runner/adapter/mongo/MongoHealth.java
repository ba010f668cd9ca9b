package io.mflow.runner.adapter.mongo;

import org.bson.Document;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * UP when the store answers a {@code ping}. Boot's own indicator sends {@code hello}, which mongo-java-server (our
 * test and dev store) does not implement, so it would report DOWN against a working store.
 */
public class MongoHealth extends AbstractHealthIndicator {

    private final MongoTemplate mongo;

    public MongoHealth(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Document reply = mongo.executeCommand(new Document("ping", 1));
        builder.up().withDetail("database", mongo.getDb().getName()).withDetail("ok", reply.get("ok"));
    }
}
