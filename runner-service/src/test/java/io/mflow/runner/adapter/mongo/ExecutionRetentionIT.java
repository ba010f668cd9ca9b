package io.mflow.runner.adapter.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.mflow.runner.adapter.file.LocalWorkDirs;
import io.mflow.runner.app.ForgetExecutions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Settled executions older than the retention go with their work dirs, on the real store and disk; an unsettled one
 * stays with its dir however old, and a record naming a dir outside the jobs' root removes nothing there.
 */
class ExecutionRetentionIT {

    private static final Instant NOW = Instant.parse("2026-06-30T12:00:00Z");

    @TempDir
    Path disk;

    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final MongoClient client = MongoClients.create(server.bindAndGetConnectionString());
    private final MongoTemplate mongo = new MongoTemplate(client, "mflow-runner");
    private final MongoCollection<Document> stored = mongo.getCollection(MongoExecutions.COLLECTION);

    @AfterEach
    void stop() {
        client.close();
        server.shutdown();
    }

    private ForgetExecutions forget(Path root) {
        return new ForgetExecutions(new MongoExecutionHistory(mongo), new LocalWorkDirs(List.of(root)),
                new MongoAgentLogs(mongo), Duration.ofDays(30), 500, Clock.systemUTC());
    }

    private Path execution(String attemptId, String state, Duration age, Path workDir) throws IOException {
        if (workDir != null) {
            Files.createDirectories(workDir.resolve("output"));
            Files.writeString(workDir.resolve("log"), "built\n");
        }
        stored.insertOne(new Document("_id", attemptId).append("state", state)
                .append("workDir", workDir == null ? null : workDir.toString())
                .append("updatedAt", Date.from(NOW.minus(age))).append("version", 3L).append("outbox", List.of()));
        return workDir;
    }

    private List<String> ids() {
        List<String> ids = new ArrayList<>();
        stored.find().forEach(doc -> ids.add(doc.getString("_id")));
        return ids;
    }

    @Test
    void settledExecutionsOlderThanTheMaxAgeGoWithTheirDirsAndYoungOrUnsettledOnesStay() throws IOException {
        Path root = disk.resolve("jobs");
        Path finished = execution("a-finished", "FINISHED", Duration.ofDays(31), root.resolve("a-finished"));
        Path canceled = execution("a-canceled", "CANCELED", Duration.ofDays(45), root.resolve("a-canceled"));
        execution("a-k8s", "FINISHED", Duration.ofDays(40), null);
        Path young = execution("a-young", "FINISHED", Duration.ofDays(2), root.resolve("a-young"));
        Path running = execution("a-running", "RUNNING", Duration.ofDays(90), root.resolve("a-running"));
        Path awaiting = execution("a-awaiting", "AWAITING", Duration.ofDays(90), root.resolve("a-awaiting"));

        int removed = forget(root).sweepAt(NOW);

        assertThat(removed).isEqualTo(3);
        assertThat(ids()).containsExactlyInAnyOrder("a-young", "a-running", "a-awaiting");
        assertThat(finished).doesNotExist();
        assertThat(canceled).doesNotExist();
        assertThat(young.resolve("log")).exists();
        assertThat(running.resolve("log")).exists();
        assertThat(awaiting.resolve("log")).exists();
    }

    @Test
    void anAgentJobsOutputGoesWithItsExecutionAndAYoungOnesStays() throws IOException {
        MongoAgentLogs output = new MongoAgentLogs(mongo);
        execution("a-agent-old", "FINISHED", Duration.ofDays(31), null);
        execution("a-agent-young", "FINISHED", Duration.ofDays(1), null);
        output.write("a-agent-old", 0, "old output\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        output.write("a-agent-young", 0, "young output\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        forget(disk.resolve("jobs")).sweepAt(NOW);

        assertThat(output.read("a-agent-old", 0, 100)).isEmpty();
        assertThat(new String(output.read("a-agent-young", 0, 100), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("young output\n");
    }

    @Test
    void aRecordNamingADirOutsideTheJobsRootRemovesNothingThere() throws IOException {
        Path root = disk.resolve("jobs");
        Files.createDirectories(root);
        Path precious = execution("a-outside", "FINISHED", Duration.ofDays(31), disk.resolve("precious"));
        execution("a-root", "FINISHED", Duration.ofDays(31), root);
        stored.insertOne(new Document("_id", "a-dots").append("state", "FINISHED")
                .append("workDir", root.resolve("../precious").toString())
                .append("updatedAt", Date.from(NOW.minus(Duration.ofDays(31)))).append("outbox", List.of()));

        forget(root).sweepAt(NOW);

        assertThat(precious.resolve("log")).exists();
        assertThat(root.resolve("log")).as("the root itself is never removed").exists();
    }

    @Test
    void aRecordWhoseReportIsNotSentYetStays() throws IOException {
        Path root = disk.resolve("jobs");
        execution("a-unsent", "FINISHED", Duration.ofDays(31), root.resolve("a-unsent"));
        stored.updateOne(new Document("_id", "a-unsent"),
                new Document("$set", new Document("outbox", List.of(new Document("eventId", "e-1")))));

        forget(root).sweepAt(NOW);

        assertThat(ids()).containsExactly("a-unsent");
    }
}
