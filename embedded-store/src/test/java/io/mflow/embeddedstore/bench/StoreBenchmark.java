package io.mflow.embeddedstore.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.mflow.embeddedstore.MongoStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Latency of the embedded store for the two writes the services make most: a version-guarded update of one document
 * ({@code {_id, version}}, the optimistic lock of every state change) and an insert, with 300 and 10,000 documents
 * in the collection, from 1 and from 8 concurrent clients. Each client has its own connection, as each service has
 * its own pool. A client only updates its own documents, so every guarded update matches.
 *
 * <p>It lives with the tests because the driver is a test dependency. Usage, from the repository root:
 * <pre>
 * ./mvnw -q -o -pl embedded-store test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
 * cd embedded-store && java -cp target/test-classes:target/classes:$(cat target/bench.classpath) \
 *     io.mflow.embeddedstore.bench.StoreBenchmark
 * </pre>
 */
public final class StoreBenchmark {

    private static final int WARM_UP_OPS = 2_000;
    private static final int MEASURED_OPS = 2_000;
    private static final String PAYLOAD = "x".repeat(400);

    public static void main(String[] args) throws Exception {
        System.out.printf("%-7s %-8s %-14s %6s %9s %9s %9s %9s%n",
                "docs", "clients", "operation", "n", "mean ms", "p50 ms", "p99 ms", "ops/s");
        for (int documents : List.of(300, 10_000)) {
            Path dir = Files.createTempDirectory("mflow-store-bench");
            try (MongoStore store = MongoStore.start(dir, 0)) {
                seed(store, documents);
                for (int clients : List.of(1, 8)) {
                    run(store, documents, clients);
                }
            } finally {
                deleteRecursively(dir);
            }
        }
    }

    private static void seed(MongoStore store, int documents) {
        try (MongoClient client = MongoClients.create(store.uri())) {
            List<Document> batch = new ArrayList<>();
            for (int i = 0; i < documents; i++) {
                batch.add(jobTask("jt-" + i));
                if (batch.size() == 500) {
                    tasks(client).insertMany(batch);
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                tasks(client).insertMany(batch);
            }
        }
    }

    private static void run(MongoStore store, int documents, int clients) throws Exception {
        List<Client> all = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            all.add(new Client(store.uri(), c, clients, documents));
        }
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            int each = MEASURED_OPS / clients;
            measure(pool, all, c -> c.guardedUpdates(WARM_UP_OPS / clients));
            report(documents, clients, "guarded update", measure(pool, all, c -> c.guardedUpdates(each)));
            measure(pool, all, c -> c.inserts(WARM_UP_OPS / clients));
            report(documents, clients, "insert", measure(pool, all, c -> c.inserts(each)));
            // the next round should find the collection at its stated size again
            tasks(all.get(0).mongo).deleteMany(Filters.regex("_id", "^new-"));
        } finally {
            pool.shutdown();
            all.forEach(Client::close);
        }
    }

    private interface Work {
        List<Long> on(Client client);
    }

    /** Runs the work on every client at once; the nanoseconds of every operation, and the wall time last. */
    private static Timings measure(ExecutorService pool, List<Client> clients, Work work) throws Exception {
        long start = System.nanoTime();
        List<Future<List<Long>>> running = new ArrayList<>();
        for (Client client : clients) {
            Callable<List<Long>> task = () -> work.on(client);
            running.add(pool.submit(task));
        }
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> each : running) {
            all.addAll(each.get());
        }
        return new Timings(all, System.nanoTime() - start);
    }

    private record Timings(List<Long> nanos, long wallNanos) {
    }

    private static void report(int documents, int clients, String operation, Timings timings) {
        List<Long> sorted = new ArrayList<>(timings.nanos());
        Collections.sort(sorted);
        double mean = sorted.stream().mapToLong(Long::longValue).average().orElse(Double.NaN) / 1e6;
        System.out.printf("%-7d %-8d %-14s %6d %9.2f %9.2f %9.2f %9.0f%n", documents, clients, operation, sorted.size(),
                mean, rank(sorted, 50), rank(sorted, 99), sorted.size() / (timings.wallNanos() / 1e9));
    }

    private static double rank(List<Long> sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1))) / 1e6;
    }

    private static Document jobTask(String id) {
        return new Document("_id", id).append("version", 0L).append("stage", "CREATED")
                .append("pipelineTaskId", "pt-" + id).append("payload", PAYLOAD).append("outbox", List.of());
    }

    private static MongoCollection<Document> tasks(MongoClient client) {
        return client.getDatabase("bench").getCollection("jobTasks");
    }

    /** One connection, updating only the documents whose number is its own modulo the number of clients. */
    private static final class Client {

        private final MongoClient mongo;
        private final MongoCollection<Document> tasks;
        private final List<String> ids = new ArrayList<>();
        private final long[] versions;
        private final String prefix;
        private int next;
        private int inserted;

        Client(String uri, int number, int clients, int documents) {
            this.mongo = MongoClients.create(uri);
            this.tasks = tasks(mongo);
            for (int i = number; i < documents; i += clients) {
                ids.add("jt-" + i);
            }
            // one scan of all: a filter on thousands of ids would cost the server more than the whole measurement
            Map<String, Long> versionById = new HashMap<>();
            tasks.find().forEach(d -> versionById.put(d.getString("_id"), d.getLong("version")));
            this.versions = ids.stream().mapToLong(versionById::get).toArray();
            this.prefix = "new-" + number + "-" + System.nanoTime() + "-";
        }

        List<Long> guardedUpdates(int count) {
            List<Long> nanos = new ArrayList<>(count);
            for (int n = 0; n < count; n++) {
                int i = next++ % ids.size();
                // the shape Spring Data renders for where("_id").is(id).and("version").is(v)
                Bson guard = new Document("_id", ids.get(i)).append("version", versions[i]);
                Bson change = Updates.combine(Updates.set("stage", n % 2 == 0 ? "ACTIVE" : "CREATED"),
                        Updates.inc("version", 1L));
                long start = System.nanoTime();
                long matched = tasks.updateOne(guard, change).getMatchedCount();
                nanos.add(System.nanoTime() - start);
                if (matched != 1) {
                    throw new IllegalStateException("guarded update of " + ids.get(i) + " matched " + matched);
                }
                versions[i]++;
            }
            return nanos;
        }

        List<Long> inserts(int count) {
            List<Long> nanos = new ArrayList<>(count);
            for (int n = 0; n < count; n++) {
                Document task = jobTask(prefix + inserted++);
                long start = System.nanoTime();
                tasks.insertOne(task);
                nanos.add(System.nanoTime() - start);
            }
            return nanos;
        }

        void close() {
            mongo.close();
        }
    }

    private static void deleteRecursively(Path dir) throws Exception {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
