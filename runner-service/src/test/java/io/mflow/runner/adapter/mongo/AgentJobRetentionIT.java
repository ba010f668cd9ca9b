package io.mflow.runner.adapter.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.mflow.localrunner.domain.Outcome;
import io.mflow.platform.aggregate.Stored;
import io.mflow.runner.adapter.file.LocalWorkDirs;
import io.mflow.runner.app.ForgetAgentJobs;
import io.mflow.runner.app.ForgetExecutions;
import io.mflow.runner.domain.agent.AgentJob;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The AGENT attempts' records settled longer ago than the executions' retention go, on the real store, in the same
 * sweep as their executions; one waiting, taken or running stays however old, and so does a settled one whose
 * execution is still going.
 */
class AgentJobRetentionIT {

    private static final Instant NOW = Instant.parse("2026-06-30T12:00:00Z");
    private static final Duration MAX_AGE = Duration.ofDays(30);

    @TempDir
    java.nio.file.Path disk;

    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final MongoClient client = MongoClients.create(server.bindAndGetConnectionString());
    private final MongoTemplate mongo = new MongoTemplate(client, "mflow-runner");
    private final MongoAgentJobs agentJobs = new MongoAgentJobs(mongo);
    private final MongoAgentJobHistory history = new MongoAgentJobHistory(mongo);
    private final MongoCollection<Document> executions = mongo.getCollection(MongoExecutions.COLLECTION);

    @AfterEach
    void stop() {
        client.close();
        server.shutdown();
    }

    /** An AGENT attempt as dispatch stores it, last changed {@code age} ago. */
    private void agentJob(String attemptId, AgentJob.State state, Duration age) {
        Instant changedAt = NOW.minus(age);
        Outcome outcome = switch (state) {
            case ENDED -> Outcome.succeeded(Map.of());
            case LOST -> Outcome.lost();
            case CANCELED -> Outcome.failed("canceled");
            default -> null;
        };
        agentJobs.insert(new AgentJob(attemptId, "jt-" + attemptId, List.of("linux"), state,
                state == AgentJob.State.WAITING ? null : "agent-1", changedAt.minusSeconds(60), changedAt, outcome),
                List.of());
    }

    private void execution(String attemptId, String state, Duration age) {
        executions.insertOne(new Document("_id", attemptId).append("state", state).append("workDir", null)
                .append("updatedAt", Date.from(NOW.minus(age))).append("version", 3L).append("outbox", List.of()));
    }

    private int sweep(int batch) {
        return new ForgetAgentJobs(history, MAX_AGE, batch, Clock.systemUTC()).sweepAt(NOW);
    }

    private List<String> ids() {
        List<String> ids = new ArrayList<>();
        mongo.getCollection(MongoAgentJobs.COLLECTION).find().forEach(doc -> ids.add(doc.getString("_id")));
        return ids;
    }

    @Test
    void settledAttemptsOlderThanTheMaxAgeGoAndYoungOrUnsettledOnesStayHoweverOld() {
        agentJob("a-ended", AgentJob.State.ENDED, Duration.ofDays(31));
        agentJob("a-lost", AgentJob.State.LOST, Duration.ofDays(40));
        agentJob("a-canceled", AgentJob.State.CANCELED, Duration.ofDays(50));
        agentJob("a-young", AgentJob.State.ENDED, Duration.ofDays(29));
        agentJob("a-waiting", AgentJob.State.WAITING, Duration.ofDays(90));
        agentJob("a-taken", AgentJob.State.TAKEN, Duration.ofDays(90));
        agentJob("a-running", AgentJob.State.RUNNING, Duration.ofDays(90));

        assertThat(sweep(500)).isEqualTo(3);

        assertThat(ids()).containsExactlyInAnyOrder("a-young", "a-waiting", "a-taken", "a-running");
    }

    @Test
    void anOldSettledAttemptWhoseExecutionIsStillGoingStaysWithItsOutcome() {
        // its runner was away: when it comes back it learns the outcome from this record
        agentJob("a-away", AgentJob.State.ENDED, Duration.ofDays(60));
        execution("a-away", "RUNNING", Duration.ofDays(60));

        assertThat(sweep(500)).isZero();

        assertThat(agentJobs.read("a-away").map(Stored::aggregate).map(AgentJob::outcome))
                .hasValueSatisfying(outcome -> assertThat(outcome.stage().name()).isEqualTo("SUCCEEDED"));
    }

    @Test
    void anAttemptGoesInTheSameSweepAsItsExecutionAndOneWhoseExecutionWentBeforeGoesToo() {
        agentJob("a-both", AgentJob.State.ENDED, Duration.ofDays(35));
        execution("a-both", "FINISHED", Duration.ofDays(35));
        agentJob("a-orphan", AgentJob.State.ENDED, Duration.ofDays(70));
        agentJob("a-fresh", AgentJob.State.ENDED, Duration.ofDays(1));
        execution("a-fresh", "FINISHED", Duration.ofDays(1));
        ForgetExecutions forgetExecutions = new ForgetExecutions(new MongoExecutionHistory(mongo),
                new LocalWorkDirs(List.of(disk)), new MongoAgentLogs(mongo), MAX_AGE, 500, Clock.systemUTC());

        // what the retention sweep does in each turn: the executions, then their attempts
        forgetExecutions.sweepAt(NOW);
        sweep(500);

        assertThat(ids()).containsExactly("a-fresh");
        assertThat(executions.find(new Document("_id", "a-both")).first()).isNull();
        assertThat(executions.find(new Document("_id", "a-fresh")).first()).isNotNull();
    }

    @Test
    void oneSweepRemovesAtMostItsBatchOldestFirstAndReplicasSweepingAtOnceRemoveEachOnce() {
        for (int day = 40; day < 45; day++) {
            agentJob("a-" + day, AgentJob.State.ENDED, Duration.ofDays(day));
        }

        assertThat(sweep(2)).isEqualTo(2);
        assertThat(ids()).containsExactlyInAnyOrder("a-40", "a-41", "a-42");
        assertThat(sweep(3) + sweep(3)).isEqualTo(3);
        assertThat(ids()).isEmpty();
        assertThat(sweep(500)).isZero();
    }
}
