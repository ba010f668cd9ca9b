package io.mflow.notify.adapter.mongo;

import org.bson.Document;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Replaces Boot's Mongo health check, which sends {@code hello}: mongo-java-server (our dev and test store) does
 * not know that command, while every MongoDB answers {@code ping}.
 */
public class MongoHealth implements HealthIndicator {

    private final MongoTemplate mongo;

    public MongoHealth(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public Health health() {
        try {
            mongo.executeCommand(new Document("ping", 1));
            return Health.up().withDetail("database", mongo.getDb().getName()).build();
        } catch (RuntimeException e) {
            return Health.down().withDetail("error", e.getClass().getSimpleName()).build();
        }
    }
}
