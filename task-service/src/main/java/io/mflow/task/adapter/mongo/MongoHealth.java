package io.mflow.task.adapter.mongo;

import org.bson.Document;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Replaces Boot's Mongo indicator (its name makes Boot back off): Boot's asks {@code hello}, which
 * mongo-java-server (our store in tests and dev) does not implement; {@code ping} works on both.
 */
@Component("mongoHealthIndicator")
class MongoHealth extends AbstractHealthIndicator {

    private final MongoTemplate mongo;

    MongoHealth(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        mongo.executeCommand(new Document("ping", 1));
        builder.up().withDetail("database", mongo.getDb().getName());
    }
}
