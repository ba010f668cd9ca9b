package io.mflow.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The outboxes of a service's documents, as the relay finds, reads and empties them. */
class MongoOutboxesTest {

    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final MongoClient client = MongoClients.create(server.bindAndGetConnectionString());
    private final MongoDatabase database = client.getDatabase("test");

    @AfterEach
    void stop() {
        client.close();
        server.shutdown();
    }

    @Test
    void anOwnerIsFoundByItsCollectionAndIdWithItsVersion() {
        database.getCollection("job_tasks").insertOne(document("jt-1", 3, "r1", "r2"));
        MongoOutboxes outboxes = new MongoOutboxes(database, List.of("pipeline_tasks", "job_tasks"));

        PendingOutbox pending = outboxes.pendingOf("job_tasks/jt-1").orElseThrow();

        assertThat(pending.owner()).isEqualTo("job_tasks/jt-1");
        assertThat(pending.version()).isEqualTo(3);
        assertThat(pending.records()).extracting(OutboxRecord::id).containsExactly("r1", "r2");
        assertThat(outboxes.pendingOf("job_tasks/jt-2")).isEmpty();
    }

    @Test
    void theSweepSendsCollectionsInTheGivenOrderAndKnowsEachVersionItRead() {
        database.getCollection("job_tasks").insertOne(document("jt-1", 1, "task-change"));
        database.getCollection("pipeline_tasks").insertOne(document("pt-1", 0, "plan"));
        MongoOutboxes outboxes = new MongoOutboxes(database, List.of("pipeline_tasks", "job_tasks"));

        assertThat(outboxes.pending(10)).extracting(PendingOutbox::owner, PendingOutbox::version)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("pipeline_tasks/pt-1", 0L),
                        org.assertj.core.groups.Tuple.tuple("job_tasks/jt-1", 1L));
        assertThat(outboxes.pending(1)).extracting(PendingOutbox::owner).containsExactly("pipeline_tasks/pt-1");
    }

    @Test
    void sentRecordsLeaveTheirOutboxesAndTheOwnerIsNoLongerPending() {
        database.getCollection("job_tasks").insertOne(document("jt-1", 1, "r1", "r2"));
        MongoOutboxes outboxes = new MongoOutboxes(database, List.of("job_tasks"));

        outboxes.remove(Map.of("job_tasks/jt-1", List.of("r1")));
        assertThat(outboxes.pendingOf("job_tasks/jt-1").orElseThrow().records()).extracting(OutboxRecord::id)
                .containsExactly("r2");

        outboxes.remove(Map.of("job_tasks/jt-1", List.of("r2")));
        assertThat(outboxes.pendingOf("job_tasks/jt-1")).isEmpty();
        assertThat(outboxes.pending(10)).isEmpty();
    }

    private static Document document(String id, long version, String... recordIds) {
        return new Document("_id", id).append("version", version).append(MongoOutboxDocuments.PENDING, true)
                .append(MongoOutboxDocuments.OUTBOX, java.util.Arrays.stream(recordIds)
                        .map(recordId -> MongoOutboxDocuments.toDocument(new OutboxEntry(recordId, "t", id, Map.of(),
                                new byte[] {1})))
                        .toList());
    }
}
