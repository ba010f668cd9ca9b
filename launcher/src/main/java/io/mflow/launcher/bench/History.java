package io.mflow.launcher.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * The history an engine gathers over months, made in seconds: copies of the finished runs already in the store
 * (pipeline tasks, job tasks, pipeline-service's runs, the runner's executions, notify's deliveries), each with a new
 * id and an empty outbox, until the store holds the number of runs asked for. Definitions, users and tokens are not
 * copied, nor any collection with a unique index besides {@code _id}.
 */
final class History implements AutoCloseable {

    static final String TASK_DB = "mflow-task";
    private static final Set<String> DEFINITIONS = Set.of("users", "api_tokens", "jobs", "pipelines");

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
