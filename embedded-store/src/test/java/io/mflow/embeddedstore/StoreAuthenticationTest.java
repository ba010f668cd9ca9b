package io.mflow.embeddedstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 22: the embedded store is reachable by the engine's own user alone. Tried as someone else on the machine
 * would, with the real MongoDB driver: without credentials, or with wrong ones, nothing is read or written.
 */
class StoreAuthenticationTest {

    private static final String PASSWORD = "s3cret-OF-the-engine_42";

    @TempDir
    Path dir;

    MongoStore store;
    int port;

    @BeforeEach
    void startWithAUserAndADocument() throws Exception {
        store = MongoStore.start(dir, 0, "127.0.0.1", StoreUser.of("mflow", PASSWORD));
        port = Integer.parseInt(store.uri().substring(store.uri().lastIndexOf(':') + 1));
        try (MongoClient engine = MongoClients.create(store.clientUri())) {
            engine.getDatabase("mflow-task-service").getCollection("jobTasks")
                    .insertOne(new Document("_id", "jt-1").append("stage", "ACTIVE"));
        }
    }

    @AfterEach
    void stop() {
        store.close();
    }

    @Test
    void theEnginesUserReadsAndWritesWithTheDriversDefaultMechanism() {
        try (MongoClient engine = MongoClients.create("mongodb://mflow:" + PASSWORD + "@127.0.0.1:" + port
                + "/?authSource=admin")) {
            var jobTasks = engine.getDatabase("mflow-task-service").getCollection("jobTasks");
            jobTasks.insertOne(new Document("_id", "jt-2").append("stage", "PENDING"));

            assertThat(jobTasks.countDocuments()).isEqualTo(2);
            assertThat(engine.getDatabase("admin").runCommand(new Document("ping", 1)).get("ok")).isEqualTo(1.0);
        }
    }

    @Test
    void aClientWithoutCredentialsIsRefusedEveryCommandButAGreeting() {
        try (MongoClient intruder = MongoClients.create(store.uri())) {
            var jobTasks = intruder.getDatabase("mflow-task-service").getCollection("jobTasks");

            assertThat(intruder.getDatabase("admin").runCommand(new Document("ping", 1)).get("ok")).isEqualTo(1.0);
            for (Consumer<MongoClient> attempt : List.<Consumer<MongoClient>>of(
                    c -> jobTasks.find().first(),
                    c -> jobTasks.insertOne(new Document("_id", "jt-forged")),
                    c -> jobTasks.updateOne(new Document("_id", "jt-1"), new Document("$set",
                            new Document("stage", "SUCCEEDED"))),
                    c -> jobTasks.deleteMany(new Document()),
                    c -> c.getDatabase("mflow-task-service").drop(),
                    c -> c.listDatabaseNames().first(),
                    c -> c.getDatabase("mflow-task-service").listCollectionNames().first())) {
                assertThatThrownBy(() -> attempt.accept(intruder)).isInstanceOfSatisfying(MongoCommandException.class,
                        refused -> {
                            assertThat(refused.getErrorCode()).isEqualTo(13);
                            assertThat(refused.getErrorCodeName()).isEqualTo("Unauthorized");
                        });
            }
        }
        assertThat(theJobTask()).as("nothing changed").containsEntry("stage", "ACTIVE");
    }

    @Test
    void aWrongPasswordOrAnUnknownUserDoesNotAuthenticate() {
        for (String uri : List.of("mongodb://mflow:guessed@127.0.0.1:" + port + "/?authSource=admin",
                "mongodb://root:" + PASSWORD + "@127.0.0.1:" + port + "/?authSource=admin",
                "mongodb://mflow:" + PASSWORD + "@127.0.0.1:" + port + "/?authSource=mflow-task-service")) {
            try (MongoClient intruder = MongoClients.create(uri + "&serverSelectionTimeoutMS=3000")) {
                assertThatThrownBy(() -> intruder.getDatabase("mflow-task-service").getCollection("jobTasks")
                        .deleteMany(new Document())).as(uri.replace(PASSWORD, "<the password>"))
                        .isInstanceOfAny(MongoSecurityException.class, MongoTimeoutException.class)
                        .satisfies(e -> assertThat(e.toString() + e.getCause()).contains("Authentication failed"));
            }
        }
        assertThat(theJobTask()).as("nothing changed").isNotNull();
    }

    @Test
    void theUsersPasswordIsNeverShown() {
        assertThat(StoreUser.of("mflow", PASSWORD).toString()).doesNotContain(PASSWORD);
        assertThat(store.uri()).doesNotContain(PASSWORD).doesNotContain("mflow");
    }

    private Document theJobTask() {
        try (MongoClient engine = MongoClients.create(store.clientUri())) {
            return engine.getDatabase("mflow-task-service").getCollection("jobTasks")
                    .find(new Document("_id", "jt-1")).first();
        }
    }
}
