package io.mflow.embeddedstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store as the services use it, through the real MongoDB driver. */
class EmbeddedStoreTest {

    private static final int DOCUMENTS = 3_000;
    /** How long a dead chunk is kept: the store's 10 s, shortened so a test need not wait that long. */
    private static final java.time.Duration RETENTION = java.time.Duration.ofMillis(200);

    @TempDir
    Path dir;

    MongoStore store;
    MongoClient client;
    MongoCollection<Document> tasks;

    @BeforeEach
    void startWithThousandsOfJobTasks() throws Exception {
        start();
        List<Document> all = new ArrayList<>();
        for (int i = 0; i < DOCUMENTS; i++) {
            all.add(jobTask("jt-" + i, 0L));
        }
        tasks.insertMany(all);
    }

    @AfterEach
    void stop() {
        client.close();
        store.close();
    }

    @Test
    void aVersionGuardedUpdateChangesOnlyTheCurrentVersion() {
        tasks.updateOne(guard("jt-7", 0), nextStage("ACTIVE"));

        UpdateResult stale = tasks.updateOne(guard("jt-7", 0), nextStage("SUCCEEDED"));
        UpdateResult current = tasks.updateOne(guard("jt-7", 1), nextStage("SUCCEEDED"));

        assertThat(stale.getMatchedCount()).isZero();
        assertThat(current.getMatchedCount()).isOne();
        assertThat(tasks.find(Filters.eq("_id", "jt-7")).first())
                .containsEntry("version", 2L).containsEntry("stage", "SUCCEEDED");
        assertThat(tasks.find(Filters.eq("_id", "jt-8")).first())
                .containsEntry("version", 0L).containsEntry("stage", "CREATED");
    }

    @Test
    void theOutboxSweepFindsExactlyTheFlaggedDocumentsAcrossUpdatesDeletesAndARestart() throws Exception {
        Bson flagged = Filters.eq(IdLookupCollection.FLAG, true);
        tasks.updateOne(Filters.eq("_id", "jt-1"), Updates.set(IdLookupCollection.FLAG, true));
        tasks.updateOne(Filters.eq("_id", "jt-2"), Updates.set(IdLookupCollection.FLAG, true));
        tasks.updateOne(Filters.eq("_id", "jt-3"), Updates.set(IdLookupCollection.FLAG, true));
        tasks.insertOne(jobTask("jt-new", 0L).append(IdLookupCollection.FLAG, true));
        tasks.updateOne(Filters.eq("_id", "jt-2"), Updates.unset(IdLookupCollection.FLAG));
        tasks.deleteOne(Filters.eq("_id", "jt-3"));
        tasks.replaceOne(Filters.eq("_id", "jt-4"), jobTask("jt-4", 1L).append(IdLookupCollection.FLAG, true));

        assertThat(ids(tasks.find(flagged))).containsExactlyInAnyOrder("jt-1", "jt-new", "jt-4");
        assertThat(ids(tasks.find(flagged).limit(1))).hasSize(1);

        client.close();
        store.close();
        start();
        assertThat(ids(tasks.find(flagged))).containsExactlyInAnyOrder("jt-1", "jt-new", "jt-4");
    }

    @Test
    void aLookupByAReferenceFindsWhatAScanWouldAcrossUpdatesDeletesAndARestart() throws Exception {
        tasks.updateMany(Filters.in("_id", "jt-10", "jt-11", "jt-12"), Updates.set("pipelineTaskId", "pt-a"));
        tasks.updateOne(Filters.eq("_id", "jt-13"), Updates.set("pipelineTaskId", "pt-b"));
        tasks.updateOne(Filters.eq("_id", "jt-11"), Updates.set("pipelineTaskId", "pt-b"));
        tasks.deleteOne(Filters.eq("_id", "jt-12"));

        assertThat(ids(tasks.find(Filters.eq("pipelineTaskId", "pt-a")))).containsExactly("jt-10");
        assertThat(ids(tasks.find(Filters.in("pipelineTaskId", "pt-a", "pt-b")).sort(Sorts.ascending("_id"))))
                .containsExactly("jt-10", "jt-11", "jt-13");
        assertThat(tasks.countDocuments(Filters.eq("pipelineTaskId", "pt-none"))).isZero();

        client.close();
        store.close();
        start();
        assertThat(ids(tasks.find(Filters.eq("pipelineTaskId", "pt-b")).sort(Sorts.ascending("_id"))))
                .containsExactly("jt-11", "jt-13");
    }

    private static List<String> ids(Iterable<Document> found) {
        List<String> ids = new ArrayList<>();
        found.forEach(document -> ids.add(document.getString("_id")));
        return ids;
    }

    @Test
    void aFilterOfSeveralConditionsOneOfThemLookedUpFindsExactlyWhatAScanWould() {
        // as a runner instance asks each heartbeat: the unsettled executions of an instance whose lease ended
        tasks.updateMany(Filters.in("_id", "jt-20", "jt-21", "jt-22"), Updates.set("owner", "runner-a"));
        tasks.updateOne(Filters.eq("_id", "jt-21"), Updates.set("stage", "ACTIVE"));
        tasks.updateOne(Filters.eq("_id", "jt-23"), Updates.combine(Updates.set("owner", "runner-b"),
                Updates.set("stage", "ACTIVE")));

        Bson unsettledOfA = Filters.and(Filters.in("stage", "CREATED", "ACTIVE"), Filters.eq("owner", "runner-a"));
        assertThat(ids(tasks.find(unsettledOfA).sort(Sorts.ascending("_id")))).containsExactly("jt-20", "jt-21", "jt-22");
        assertThat(ids(tasks.find(Filters.and(Filters.eq("stage", "ACTIVE"), Filters.eq("owner", "runner-a")))))
                .containsExactly("jt-21");
        assertThat(ids(tasks.find(Filters.and(Filters.eq("owner", "runner-b"), Filters.eq("version", 0L)))))
                .containsExactly("jt-23");
        assertThat(tasks.countDocuments(Filters.and(Filters.eq("owner", "runner-a"), Filters.eq("stage", "DONE"))))
                .isZero();
        assertThat(tasks.countDocuments(Filters.and(Filters.eq("stage", "CREATED"), Filters.exists("owner", false))))
                .as("no looked-up condition holds the owner: its other conditions still narrow it")
                .isEqualTo(DOCUMENTS - 4);
    }

    @Test
    void theGuardAsTheDriverRendersItWithAndIsHonouredToo() {
        Bson stale = Filters.and(Filters.eq("_id", "jt-9"), Filters.eq("version", 5L));
        Bson current = Filters.and(Filters.eq("_id", "jt-9"), Filters.eq("version", 0L));

        assertThat(tasks.updateOne(stale, nextStage("ACTIVE")).getMatchedCount()).isZero();
        assertThat(tasks.updateOne(current, nextStage("ACTIVE")).getMatchedCount()).isOne();
    }

    @Test
    void findOneAndUpdateAndReplaceWithAStaleVersionFindNothing() {
        FindOneAndUpdateOptions after = new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER);

        assertThat(tasks.findOneAndUpdate(guard("jt-11", 3), nextStage("ACTIVE"), after)).isNull();
        assertThat(tasks.findOneAndUpdate(guard("jt-11", 0), nextStage("ACTIVE"), after))
                .containsEntry("version", 1L).containsEntry("stage", "ACTIVE");
        assertThat(tasks.replaceOne(guard("jt-11", 0), jobTask("jt-11", 9L)).getMatchedCount()).isZero();
        assertThat(tasks.replaceOne(guard("jt-11", 1), jobTask("jt-11", 2L)).getMatchedCount()).isOne();
        assertThat(tasks.find(Filters.eq("_id", "jt-11")).first()).containsEntry("version", 2L);
    }

    @Test
    void anUpsertByIdInsertsANewDocumentAndRefusesAStaleVersionOfAnExistingOne() {
        UpdateOptions upsert = new UpdateOptions().upsert(true);

        UpdateResult inserted = tasks.updateOne(guard("jt-new", 0), nextStage("ACTIVE"), upsert);

        assertThat(inserted.getUpsertedId().asString().getValue()).isEqualTo("jt-new");
        assertThat(tasks.find(Filters.eq("_id", "jt-new")).first())
                .containsEntry("version", 1L).containsEntry("stage", "ACTIVE");
        // as in MongoDB: no document matches, so the upsert inserts one with that _id, which exists
        assertThatThrownBy(() -> tasks.updateOne(guard("jt-12", 4), nextStage("ACTIVE"), upsert))
                .isInstanceOfSatisfying(MongoWriteException.class,
                        e -> assertThat(e.getError().getCategory()).isEqualTo(ErrorCategory.DUPLICATE_KEY));
        assertThat(tasks.countDocuments()).isEqualTo(DOCUMENTS + 1);
    }

    @Test
    void aFindByIdAndAnotherFieldReturnsExactlyTheMatchingDocument() {
        tasks.updateOne(guard("jt-20", 0), nextStage("ACTIVE"));

        assertThat(tasks.find(Filters.and(Filters.eq("_id", "jt-20"), Filters.eq("stage", "ACTIVE"))))
                .extracting(d -> d.get("_id")).containsExactly("jt-20");
        assertThat(tasks.find(new Document("_id", "jt-20").append("stage", "CREATED"))).isEmpty();
        assertThat(tasks.find(new Document("_id", new Document("$eq", "jt-21")).append("stage", "CREATED")))
                .extracting(d -> d.get("_id")).containsExactly("jt-21");
        assertThat(tasks.countDocuments(new Document("_id", "jt-20").append("version", 1L))).isOne();
    }

    @Test
    void anIdInAListWithAnotherConditionKeepsSortLimitAndProjection() {
        tasks.updateOne(guard("jt-31", 0), nextStage("ACTIVE"));
        tasks.updateOne(guard("jt-32", 0), nextStage("ACTIVE"));
        Bson filter = Filters.and(Filters.in("_id", "jt-30", "jt-31", "jt-32", "jt-missing"),
                Filters.eq("stage", "ACTIVE"));

        List<Document> found = tasks.find(filter).sort(Sorts.descending("_id")).limit(1)
                .projection(new Document("stage", 1)).into(new ArrayList<>());

        assertThat(found).containsExactly(new Document("_id", "jt-32").append("stage", "ACTIVE"));
    }

    @Test
    void aDeleteByIdAndVersionDeletesOnlyTheCurrentVersion() {
        assertThat(tasks.deleteOne(guard("jt-40", 1)).getDeletedCount()).isZero();
        assertThat(tasks.deleteOne(guard("jt-40", 0)).getDeletedCount()).isOne();

        assertThat(tasks.find(Filters.eq("_id", "jt-40")).first()).isNull();
        assertThat(tasks.countDocuments()).isEqualTo(DOCUMENTS - 1);
    }

    /**
     * Like MongoDB, which answers a filter with an {@code _id} equality from the index, the store evaluates the rest
     * of such a filter only on the documents with that id: another document, on which it would fail, is not looked at.
     */
    @Test
    void aFilterWithAnIdIsNotEvaluatedOnOtherDocuments() {
        tasks.insertOne(new Document("_id", "divisor-1").append("d", 1));
        tasks.insertOne(new Document("_id", "divisor-0").append("d", 0));
        Document oneOverD = Document.parse("{$expr: {$eq: [{$divide: [1, '$d']}, 1]}}");

        assertThat(tasks.find(new Document(oneOverD).append("_id", "divisor-1")))
                .extracting(d -> d.get("_id")).containsExactly("divisor-1");
        assertThat(tasks.updateOne(Filters.and(oneOverD, Filters.eq("_id", "divisor-1")), Updates.set("seen", true))
                .getMatchedCount()).isOne();
    }

    /**
     * The bound: a store written in one go holds the same documents at their tightest; compaction rewrites chunks
     * less than half full and truncates the file once less than 70% of it is in use, so twice that, plus a megabyte
     * for headers and partly filled last blocks, leaves room. With MVStore's defaults (every dead chunk kept for 45 s
     * and 5 versions) the same updates left a file of about 250 MB.
     */
    @Test
    void theFileStaysNearTheSizeOfTheLiveDataThroughManyUpdates() throws Exception {
        updateEveryDocument(5, 4);

        compactUntilTheFileStopsShrinking();

        long bound = 2 * sizeOfAFreshStoreWithTheSameDocuments() + (1 << 20);
        assertThat(Files.size(dir.resolve("mflow.mv"))).isLessThan(bound);
        restart();
        assertThat(tasks.countDocuments(Filters.eq("version", 5L))).isEqualTo(DOCUMENTS);
    }

    private void compactUntilTheFileStopsShrinking() throws Exception {
        long before;
        long after = Files.size(dir.resolve("mflow.mv"));
        int rounds = 0;
        Thread.sleep(2 * RETENTION.toMillis()); // until the chunks the updates left dead may be reused
        do {
            before = after;
            store.compact();
            after = Files.size(dir.resolve("mflow.mv"));
            // What a round made dead is reusable only once it is older than the retention; on a loaded machine the
            // rounds came faster than that, and the file stopped shrinking early (it did under CI once).
            Thread.sleep(RETENTION.toMillis());
        } while ((after < before || rounds < 3) && ++rounds < 20); // a round frees what the one before made dead
    }

    private long sizeOfAFreshStoreWithTheSameDocuments() throws Exception {
        Path fresh = dir.resolve("fresh");
        try (MongoStore other = MongoStore.start(fresh, 0); MongoClient copy = MongoClients.create(other.uri())) {
            copy.getDatabase("mflow").getCollection("jobTasks").insertMany(tasks.find().into(new ArrayList<>()));
        }
        return Files.size(fresh.resolve("mflow.mv"));
    }

    @Test
    void aFileWrittenInTheFormerFormatIsReadIndexedAndRewritten(@TempDir Path former) throws Exception {
        // mongo-java-server's own backend wrote what the launcher used to: documents and index keys Java-serialized
        de.bwaldvogel.mongo.MongoServer old = new de.bwaldvogel.mongo.MongoServer(
                new de.bwaldvogel.mongo.backend.h2.H2Backend(former.resolve("mflow.mv").toString()));
        java.net.InetSocketAddress address = old.bind();
        try (MongoClient oldClient = MongoClients.create("mongodb://127.0.0.1:" + address.getPort())) {
            MongoCollection<Document> oldTasks = oldClient.getDatabase("mflow").getCollection("jobTasks");
            for (int i = 0; i < 500; i++) {
                oldTasks.insertOne(jobTask("old-" + i, 3L));
            }
        }
        old.shutdown();

        try (MongoStore upgraded = MongoStore.start(former, 0, "127.0.0.1", RETENTION);
             MongoClient upgradedClient = MongoClients.create(upgraded.uri())) {
            MongoCollection<Document> upgradedTasks = upgradedClient.getDatabase("mflow").getCollection("jobTasks");

            assertThat(upgradedTasks.countDocuments()).isEqualTo(500);
            assertThat(upgradedTasks.find(Filters.eq("_id", "old-250")).first()).containsEntry("version", 3L);
            assertThat(upgradedTasks.updateOne(guard("old-250", 3), nextStage("ACTIVE")).getModifiedCount()).isOne();
            assertThatThrownBy(() -> upgradedTasks.insertOne(jobTask("old-499", 0L)))
                    .isInstanceOfSatisfying(MongoWriteException.class,
                            e -> assertThat(e.getError().getCategory()).isEqualTo(ErrorCategory.DUPLICATE_KEY));
            upgradedTasks.insertOne(jobTask("new-1", 0L));
        }
        try (MongoStore reopened = MongoStore.start(former, 0, "127.0.0.1", RETENTION);
             MongoClient reopenedClient = MongoClients.create(reopened.uri())) {
            MongoCollection<Document> reopenedTasks = reopenedClient.getDatabase("mflow").getCollection("jobTasks");

            assertThat(reopenedTasks.find(Filters.eq("_id", "old-250")).first())
                    .containsEntry("version", 4L).containsEntry("stage", "ACTIVE");
            assertThat(reopenedTasks.find(Filters.in("_id", "old-7", "new-1")).into(new ArrayList<>())).hasSize(2);
        }
    }

    private void updateEveryDocument(int times, int clients) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int first = c;
                running.add(pool.submit(() -> {
                    try (MongoClient own = MongoClients.create(store.uri())) {
                        MongoCollection<Document> mine = own.getDatabase("mflow").getCollection("jobTasks");
                        for (int version = 0; version < times; version++) {
                            for (int i = first; i < DOCUMENTS; i += clients) {
                                mine.updateOne(guard("jt-" + i, version), nextStage("S" + version));
                            }
                        }
                    }
                }));
            }
            for (Future<?> each : running) {
                each.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private void start() throws Exception {
        store = MongoStore.start(dir, 0, "127.0.0.1", RETENTION);
        client = MongoClients.create(store.uri());
        tasks = client.getDatabase("mflow").getCollection("jobTasks");
    }

    private void restart() throws Exception {
        stop();
        start();
    }

    private static Bson guard(String id, long version) {
        return new Document("_id", id).append("version", version);
    }

    private static Bson nextStage(String stage) {
        return Updates.combine(Updates.set("stage", stage), Updates.inc("version", 1L));
    }

    private static Document jobTask(String id, long version) {
        return new Document("_id", id).append("version", version).append("stage", "CREATED")
                .append("pipelineTaskId", "pt-" + id).append("outbox", List.of(new Document("eventId", "e-" + id)));
    }
}
