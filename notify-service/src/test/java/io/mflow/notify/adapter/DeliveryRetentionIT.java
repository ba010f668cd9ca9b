package io.mflow.notify.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.mflow.notify.adapter.mongo.MongoDeliveries;
import io.mflow.notify.app.ForgetDeliveries;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

/** Records of settled deliveries are removed once older than the retention, on the real store, and only then. */
class DeliveryRetentionIT {

    private static final Instant NOW = Instant.parse("2026-06-30T12:00:00Z");

    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final MongoClient client = MongoClients.create(server.bindAndGetConnectionString());
    private final MongoTemplate mongo = new MongoTemplate(client, "mflow-notify");
    private final MongoDeliveries deliveries = new MongoDeliveries(mongo);
    private final MongoCollection<Document> stored = mongo.getCollection(MongoDeliveries.COLLECTION);

    @AfterEach
    void stop() {
        client.close();
        server.shutdown();
    }

    private void settled(String id, Instant finishedAt, List<Document> outbox) {
        stored.insertOne(new Document("_id", id).append("ownerId", "jt-1").append("state", "DELIVERED")
                .append("createdAt", Date.from(finishedAt.minusSeconds(1))).append("finishedAt", Date.from(finishedAt))
                .append("version", 1L).append("outbox", outbox));
    }

    private List<String> ids() {
        List<String> ids = new ArrayList<>();
        stored.find().forEach(doc -> ids.add(doc.getString("_id")));
        return ids;
    }

    @Test
    void recordsSettledLongerAgoThanTheMaxAgeGoAndYoungerOnesStay() {
        settled("old", NOW.minus(Duration.ofDays(31)), List.of());
        settled("older", NOW.minus(Duration.ofDays(90)), List.of());
        settled("young", NOW.minus(Duration.ofDays(29)), List.of());

        int removed = new ForgetDeliveries(deliveries, Duration.ofDays(30), 500, Clock.systemUTC()).sweepAt(NOW);

        assertThat(removed).isEqualTo(2);
        assertThat(ids()).containsExactly("young");
        assertThat(deliveries.isSettled("old")).isFalse();
        assertThat(deliveries.isSettled("young")).isTrue();
    }

    @Test
    void aRecordWhoseAnnouncementIsNotSentYetStaysHoweverOld() {
        settled("unsent", NOW.minus(Duration.ofDays(60)), List.of(new Document("eventId", "e-1")));

        new ForgetDeliveries(deliveries, Duration.ofDays(30), 500, Clock.systemUTC()).sweepAt(NOW);

        assertThat(ids()).containsExactly("unsent");
    }

    @Test
    void oneSweepRemovesAtMostItsBatchOldestFirstAndTheNextGoesOn() {
        for (int day = 40; day < 45; day++) {
            settled("d" + day, NOW.minus(Duration.ofDays(day)), List.of());
        }
        ForgetDeliveries sweep = new ForgetDeliveries(deliveries, Duration.ofDays(30), 2, Clock.systemUTC());

        assertThat(sweep.sweepAt(NOW)).isEqualTo(2);
        assertThat(ids()).containsExactlyInAnyOrder("d40", "d41", "d42");
        sweep.sweepAt(NOW);
        sweep.sweepAt(NOW);
        assertThat(ids()).isEmpty();
    }
}
