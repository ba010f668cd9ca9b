package io.mflow.launcher.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * The history an engine gathers over months, made in seconds: copies of the finished runs already in the store
 * (pipeline tasks, job tasks, pipeline-service's runs, the runner's executions, notify's deliveries), each with a new
 * id and an empty outbox, until the store holds the number of runs asked for. Definitions, users, tokens and runner
 * instances' leases are not copied, nor any collection with a unique index besides {@code _id}.
 */
final class History implements AutoCloseable {

    static final String TASK_DB = "mflow-task";
    /** Not history: definitions, people, and runner-service's instance leases (a copy would be a dead instance). */
    private static final Set<String> DEFINITIONS = Set.of("users", "api_tokens", "jobs", "pipelines",
            "runner_instances");

    private final MongoClient client;

    History(String uri) {
        this.client = MongoClients.create(uri);
    }

    long runs() {
        return client.getDatabase(TASK_DB).getCollection("pipeline_tasks").countDocuments();
    }

    /** Copies what is stored now until at least {@code target} pipeline tasks exist; returns the copies made. */
    int growTo(long target) {
        long have = runs();
        if (have >= target || have == 0) {
            return 0;
        }
        Map<MongoCollection<Document>, List<Document>> templates = new LinkedHashMap<>();
        for (String name : databases()) {
            MongoDatabase database = client.getDatabase(name);
            for (String collection : database.listCollectionNames()) {
                MongoCollection<Document> documents = database.getCollection(collection);
                if (!DEFINITIONS.contains(collection) && !hasOtherUniqueIndex(documents)) {
                    templates.put(documents, documents.find().into(new ArrayList<>()));
                }
            }
        }
        int copies = (int) Math.ceil((target - have) / (double) have);
        for (int copy = 1; copy <= copies; copy++) {
            for (var entry : templates.entrySet()) {
                List<Document> batch = new ArrayList<>();
                for (Document template : entry.getValue()) {
                    batch.add(copyOf(template, copy));
                    if (batch.size() == 1000) {
                        entry.getKey().insertMany(batch);
                        batch.clear();
                    }
                }
                if (!batch.isEmpty()) {
                    entry.getKey().insertMany(batch);
                }
            }
        }
        return copies;
    }

    /**
     * Adds {@code count} runs past the retention's age: copies of finished runs (with their job tasks, and as many of
     * every other service's per-run records) whose every time is moved {@code back}, for the sweeps to remove while
     * the benchmark measures. Their ids end in {@code ~x}; returns the runs added.
     */
    int addExpired(int count, Duration back) {
        MongoDatabase task = client.getDatabase(TASK_DB);
        List<Document> runs = task.getCollection("pipeline_tasks")
                .find(Filters.in("stage", List.of("SUCCEEDED", "FAILED", "CANCELED"))).limit(count)
                .into(new ArrayList<>());
        List<Object> runIds = runs.stream().map(run -> run.get("_id")).toList();
        List<Document> jobTasks = task.getCollection("job_tasks").find(Filters.in("pipelineTaskId", runIds))
                .into(new ArrayList<>());
        insert(task.getCollection("pipeline_tasks"), runs, back);
        insert(task.getCollection("job_tasks"), jobTasks, back);
        for (String name : databases()) {
            if (name.equals(TASK_DB)) {
                continue;
            }
            MongoDatabase database = client.getDatabase(name);
            for (String collection : database.listCollectionNames()) {
                MongoCollection<Document> documents = database.getCollection(collection);
                if (!DEFINITIONS.contains(collection) && !hasOtherUniqueIndex(documents)) {
                    insert(documents, documents.find().limit(count).into(new ArrayList<>()), back);
                }
            }
        }
        return runs.size();
    }

    /** How many of the runs {@link #addExpired} added are still stored. */
    long expiredLeft() {
        return client.getDatabase(TASK_DB).getCollection("pipeline_tasks").countDocuments(Filters.regex("_id", "~x$"));
    }

    private static void insert(MongoCollection<Document> collection, List<Document> templates, Duration back) {
        List<Document> expired = new ArrayList<>();
        for (Document template : templates) {
            Document document = new Document(template);
            document.replaceAll((field, value) -> value instanceof Date date
                    ? Date.from(date.toInstant().minus(back)) : value);
            document.put("_id", template.get("_id") instanceof String text ? text + "~x" : new ObjectId());
            if (document.get("pipelineTaskId") instanceof String run) {
                document.put("pipelineTaskId", run + "~x");
            }
            if (document.containsKey("outbox")) {
                document.put("outbox", List.of());
            }
            expired.add(document);
        }
        if (!expired.isEmpty()) {
            collection.insertMany(expired);
        }
    }

    /** Documents per collection, for the figures. */
    Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String name : databases()) {
            MongoDatabase database = client.getDatabase(name);
            for (String collection : database.listCollectionNames()) {
                counts.put(name + "." + collection, database.getCollection(collection).countDocuments());
            }
        }
        return counts;
    }

    private List<String> databases() {
        return client.listDatabaseNames().into(new ArrayList<>()).stream().filter(name -> name.startsWith("mflow"))
                .sorted().toList();
    }

    private static boolean hasOtherUniqueIndex(MongoCollection<Document> collection) {
        for (Document index : collection.listIndexes()) {
            if (index.getBoolean("unique", false) && !"_id_".equals(index.getString("name"))) {
                return true;
            }
        }
        return false;
    }

    private static Document copyOf(Document template, int copy) {
        Document document = new Document(template);
        Object id = template.get("_id");
        document.put("_id", id instanceof String text ? text + "~h" + copy : new ObjectId());
        if (document.containsKey("outbox")) {
            document.put("outbox", List.of());
        }
        return document;
    }

    @Override
    public void close() {
        client.close();
    }
}
