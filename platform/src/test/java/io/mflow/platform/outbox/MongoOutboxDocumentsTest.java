package io.mflow.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The outbox flag the sweep looks for: set by the write that pushes, gone only once nothing is left. */
class MongoOutboxDocumentsTest {

    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final MongoClient client = MongoClients.create(server.bindAndGetConnectionString());
    private final MongoCollection<Document> runs = client.getDatabase("test").getCollection("runs");

    @AfterEach
    void stop() {
        client.close();
        server.shutdown();
    }

    @Test
    void documentsWrittenBeforeTheFlagExistedAreFlaggedOnPrepare() {
        runs.insertOne(new Document("_id", "old").append("outbox", List.of(record("a"))));
        runs.insertOne(new Document("_id", "done").append("outbox", List.of()));

        MongoOutboxDocuments.prepare(runs);

        assertThat(pendingIds()).containsExactly("old");
    }

    @Test
    void theFlagGoesOnlyWhenTheLastRecordIsRemoved() {
        runs.insertOne(new Document("_id", "r1").append("outbox", List.of(record("a"), record("b"))));
        runs.updateOne(Filters.eq("_id", "r1"), MongoOutboxDocuments.markPending());

        MongoOutboxDocuments.remove(runs, Map.of("r1", List.of("a")));
        assertThat(pendingIds()).containsExactly("r1");

        // a record pushed after the relay read the outbox keeps the document pending
        runs.updateOne(Filters.eq("_id", "r1"), Updates.combine(Updates.push("outbox", record("c")),
                MongoOutboxDocuments.markPending()));
        MongoOutboxDocuments.remove(runs, Map.of("r1", List.of("b")));
        assertThat(pendingIds()).containsExactly("r1");

        MongoOutboxDocuments.remove(runs, Map.of("r1", List.of("c")));
        assertThat(pendingIds()).isEmpty();
        assertThat(runs.find(Filters.eq("_id", "r1")).first().getList("outbox", Document.class)).isEmpty();
    }

    @Test
    void recordsStoredUnderTheOldIdFieldAreSentAndRemovedAfterAnUpgrade() {
        runs.insertOne(new Document("_id", "r1").append("outbox", List.of(
                new Document("entryId", "old").append("topic", "t").append("value", new byte[] {1}),
                record("new"))).append(MongoOutboxDocuments.PENDING, true));

        List<String> read = runs.find(Filters.eq("_id", "r1")).first().getList("outbox", Document.class).stream()
                .map(MongoOutboxDocuments::recordOf).map(OutboxRecord::id).toList();
        MongoOutboxDocuments.remove(runs, Map.of("r1", List.of("old", "new")));

        assertThat(read).containsExactly("old", "new");
        assertThat(pendingIds()).isEmpty();
    }

    @Test
    void aRecordReadsBackAsItWasWritten() {
        Instant stored = Instant.parse("2026-12-06T10:00:00Z");
        Instant caused = Instant.parse("2026-12-06T09:59:59Z");
        OutboxEntry entry = new OutboxEntry("e1", "mflow.task-events", "pt-1", Map.of("ce_id", "e1"),
                new byte[] {1, 2, 3}, stored, caused);
        runs.insertOne(new Document("_id", "r1").append("outbox", List.of(MongoOutboxDocuments.toDocument(entry))));

        OutboxRecord read = MongoOutboxDocuments.recordOf(
                runs.find(Filters.eq("_id", "r1")).first().getList("outbox", Document.class).get(0));

        assertThat(read.id()).isEqualTo("e1");
        assertThat(read.topic()).isEqualTo("mflow.task-events");
        assertThat(read.key()).isEqualTo("pt-1");
        assertThat(read.headers()).containsEntry("ce_id", "e1");
        assertThat(read.value()).containsExactly(1, 2, 3);
        assertThat(read.storedAt()).isEqualTo(stored);
        assertThat(read.causedAt()).isEqualTo(caused);
    }

    private List<String> pendingIds() {
        List<String> ids = new ArrayList<>();
        runs.find(MongoOutboxDocuments.pending()).forEach(d -> ids.add(d.getString("_id")));
        return ids;
    }

    private static Document record(String id) {
        return new Document("id", id).append("topic", "t");
    }
}
