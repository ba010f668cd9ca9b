package io.mflow.platform.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.mflow.platform.outbox.OutboxEntry;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The guarded writes every Mongo store of an aggregate makes, on the wire protocol. */
class VersionedDocumentsTest {

    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final MongoClient client = MongoClients.create(server.bindAndGetConnectionString());
    private final MongoCollection<Document> heads = client.getDatabase("test").getCollection("heads");

    @AfterEach
    void stop() {
        client.close();
        server.shutdown();
    }

    @Test
    void aWriteLandsOnlyOnTheVersionItWasDecidedOn() {
        assertThat(VersionedDocuments.insert(heads, new Document("_id", "h1").append("lines", 1), List.of())).isTrue();
        assertThat(VersionedDocuments.insert(heads, new Document("_id", "h1").append("lines", 9), List.of())).isFalse();

        assertThat(VersionedDocuments.update(heads, "h1", 0, new Document("lines", 2), List.of(
                new OutboxEntry("e1", "t", "h1", Map.of(), new byte[] {1})))).isTrue();
        assertThat(VersionedDocuments.update(heads, "h1", 0, new Document("lines", 3), List.of())).isFalse();

        Document stored = heads.find(Filters.eq("_id", "h1")).first();
        assertThat(stored.getInteger("lines")).isEqualTo(2);
        assertThat(VersionedDocuments.versionOf(stored)).isEqualTo(1);
        assertThat(stored.getList("outbox", Document.class)).hasSize(1);
    }

    @Test
    void aDocumentWrittenBeforeItKeptAVersionIsAtTheFirstAndTakesTheNextWrite() {
        heads.insertOne(new Document("_id", "old").append("lines", 7));

        assertThat(VersionedDocuments.versionOf(heads.find(Filters.eq("_id", "old")).first())).isZero();
        assertThat(VersionedDocuments.update(heads, "old", 0, new Document("lines", 8), List.of())).isTrue();
        assertThat(VersionedDocuments.update(heads, "old", 0, new Document("lines", 9), List.of())).isFalse();
        assertThat(heads.find(Filters.eq("_id", "old")).first().getInteger("lines")).isEqualTo(8);
    }
}
