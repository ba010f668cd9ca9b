package io.mflow.pipeline.adapter.mongo;

import org.bson.Document;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * UP when our database answers a {@code ping}. Replaces Boot's indicator, whose {@code hello} command
 * mongo-java-server (the store of tests and local runs) does not implement.
 */
public class MongoHealth extends AbstractHealthIndicator {

    private final MongoTemplate mongo;

    public MongoHealth(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        mongo.executeCommand(new Document("ping", 1));
        builder.up().withDetail("database", mongo.getDb().getName());
    }
}
