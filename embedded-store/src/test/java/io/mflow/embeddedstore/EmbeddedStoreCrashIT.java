package io.mflow.embeddedstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store is killed (SIGKILL) while several clients write to it at once and it compacts its file; started again on
 * the same file, it has every write it acknowledged: inserts, version-guarded updates, findAndModify and deletes.
 */
class EmbeddedStoreCrashIT {

    private static final int WRITERS = 6;
    private static final int CRASHES = 3;

    @TempDir
    Path dir;

    Process store;

    final Set<String> inserted = ConcurrentHashMap.newKeySet();
    final Set<String> flagged = ConcurrentHashMap.newKeySet();
    final Set<String> deleting = ConcurrentHashMap.newKeySet();
    final Set<String> deleted = ConcurrentHashMap.newKeySet();
    final Map<String, Long> counterVersions = new ConcurrentHashMap<>();
    final AtomicInteger acknowledged = new AtomicInteger();

    @AfterEach
    void killWhatIsLeft() throws InterruptedException {
        if (store != null) {
            kill(store);
        }
    }

    @Test
    void everyAcknowledgedWriteSurvivesAKillInTheMiddleOfConcurrentWrites() throws Exception {
        for (int crash = 1; crash <= CRASHES; crash++) {
            String uri = startStore();
            assertEveryAcknowledgedWriteIsThere(uri);
            ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
            for (int w = 0; w < WRITERS; w++) {
                String writer = "c" + crash + "w" + w;
                writers.submit(() -> writeUntilTheStoreDies(uri, writer));
            }
            int before = acknowledged.get();
            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.get() >= before + 600);

            kill(store);
            writers.shutdown();
            assertThat(writers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }

        assertEveryAcknowledgedWriteIsThere(startStore());
        assertThat(deleted).isNotEmpty();
        assertThat(flagged).isNotEmpty();
    }

    /** Each writer inserts its own documents, updates its own counter and flags and deletes its own documents. */
    private void writeUntilTheStoreDies(String uri, String writer) {
        try (MongoClient client = client(uri)) {
            MongoCollection<Document> documents = documents(client);
            String counter = "counter-" + writer;
            documents.insertOne(new Document("_id", counter).append("version", 0L));
            counterVersions.put(counter, 0L);
            for (long n = 0; ; n++) {
                String id = writer + "-" + n;
                documents.insertOne(new Document("_id", id).append("n", n));
                inserted.add(id);
                long version = counterVersions.get(counter);
                if (documents.updateOne(new Document("_id", counter).append("version", version),
                        Updates.inc("version", 1L)).getMatchedCount() == 1) {
                    counterVersions.put(counter, version + 1);
                }
                if (n % 3 == 2) {
                    String earlier = writer + "-" + (n - 1);
                    if (documents.findOneAndUpdate(Filters.eq("_id", earlier), Updates.set("flag", true)) != null) {
                        flagged.add(earlier);
                    }
                }
                if (n % 4 == 3) {
                    String earlier = writer + "-" + (n - 3);
                    deleting.add(earlier);
                    if (documents.deleteOne(Filters.eq("_id", earlier)).getDeletedCount() == 1) {
                        deleted.add(earlier);
                    }
                }
                acknowledged.incrementAndGet();
            }
        } catch (RuntimeException storeKilled) {
            // the write in flight was not acknowledged: nothing is expected of it
        }
    }

    private void assertEveryAcknowledgedWriteIsThere(String uri) {
        try (MongoClient client = client(uri)) {
            Map<String, Document> all = documents(client).find().into(new ArrayList<>()).stream()
                    .collect(Collectors.toMap(d -> d.getString("_id"), d -> d));
            // a write the kill cut off may have been committed or not: only acknowledged ones are checked
            assertThat(inserted.stream().filter(id -> !deleting.contains(id) && !all.containsKey(id)))
                    .as("acknowledged inserts lost").isEmpty();
            assertThat(deleted.stream().filter(all::containsKey)).as("acknowledged deletes undone").isEmpty();
            assertThat(flagged.stream().filter(id -> !deleting.contains(id))
                    .filter(id -> !Boolean.TRUE.equals(all.get(id).get("flag"))))
                    .as("acknowledged flags lost").isEmpty();
            counterVersions.forEach((counter, acknowledgedVersion) -> {
                long version = all.get(counter).getLong("version");
                assertThat(version).as("%s's version", counter).isGreaterThanOrEqualTo(acknowledgedVersion);
                counterVersions.put(counter, version);
            });
        }
    }

    private String startStore() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path log = dir.resolve("logs").resolve("store.log");
        Files.createDirectories(log.getParent());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        store = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", absoluteClassPath(), StoreProcess.class.getName(),
                dir.resolve("mongo").toString(), String.valueOf(port))).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        awaitPort(port, log, Duration.ofSeconds(60));
        return "mongodb://127.0.0.1:" + port;
    }

    private void awaitPort(int port, Path log, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!store.isAlive()) {
                throw new IllegalStateException("the store exited:\n" + Files.readString(log));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the store did not listen on " + port + ":\n" + Files.readString(log));
    }

    /** A crash: SIGKILL, no shutdown hooks, nothing flushed. */
    private static void kill(Process process) throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    private static String absoluteClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    /**
     * No retries: a write cut off by the kill must fail, not be sent again to the next store. A write sent after the
     * kill waits for the store a while and fails too; a busy machine may take seconds to answer a fresh JVM's first
     * request.
     */
    private static MongoClient client(String uri) {
        return MongoClients.create(MongoClientSettings.builder().applyConnectionString(new ConnectionString(uri))
                .retryWrites(false).retryReads(false)
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(15, TimeUnit.SECONDS))
                .build());
    }

    private static MongoCollection<Document> documents(MongoClient client) {
        return client.getDatabase("crash").getCollection("documents");
    }
}
