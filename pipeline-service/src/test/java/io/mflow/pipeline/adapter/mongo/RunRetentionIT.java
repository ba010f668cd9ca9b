package io.mflow.pipeline.adapter.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.mflow.pipeline.app.ForgetPipelineRuns;
import io.mflow.pipeline.domain.Conclusion;
import io.mflow.pipeline.domain.PipelineRun;
import io.mflow.pipeline.domain.TaskStatus;
import io.mflow.platform.aggregate.Stored;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * pipeline-service's view of a run goes once the run concluded longer ago than task-service keeps runs, and a day;
 * a run that has not concluded (or resumed) stays however old, on the real store, written as the service writes it.
 */
class RunRetentionIT {

    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final MongoClient client = MongoClients.create(server.bindAndGetConnectionString());
    private final MongoTemplate mongo = new MongoTemplate(client, "mflow-pipeline");
    private final MongoPipelineRuns runs = new MongoPipelineRuns(mongo);
    private final ForgetPipelineRuns forget = new ForgetPipelineRuns(new MongoRunHistory(mongo), Duration.ofDays(30),
            500, Clock.systemUTC());

    @AfterEach
    void stop() {
        client.close();
        server.shutdown();
    }

    private static PipelineRun run(String id, Conclusion conclusion) {
        return new PipelineRun(id, "ci", false, Map.of(), List.of(), Map.of(), Map.of(), Set.of(), false, conclusion,
                false, 0);
    }

    private void stored(String id, Conclusion endsAs) {
        assertThat(runs.insert(run(id, null), List.of())).isTrue();
        assertThat(runs.update(run(id, endsAs), Stored.FIRST_VERSION, List.of())).isTrue();
    }

    private List<String> ids() {
        List<String> ids = new ArrayList<>();
        mongo.getCollection(MongoPipelineRuns.COLLECTION).find().forEach(doc -> ids.add(doc.getString("_id")));
        return ids;
    }

    @Test
    void concludedRunsGoADayAfterTaskServiceLetsTheRunsGoAndRunningOnesStay() {
        stored("pt-succeeded", new Conclusion(TaskStatus.SUCCEEDED, "done"));
        stored("pt-failed", new Conclusion(TaskStatus.FAILED, "compile failed"));
        stored("pt-running", null);
        Instant now = Instant.now();

        assertThat(forget.sweepAt(now.plus(Duration.ofDays(30)).plusSeconds(60))).as("task-service may still resume them")
                .isZero();
        assertThat(ids()).hasSize(3);

        assertThat(forget.sweepAt(now.plus(Duration.ofDays(31)).plusSeconds(60))).isEqualTo(2);
        assertThat(ids()).containsExactly("pt-running");
        assertThat(forget.sweepAt(now.plus(Duration.ofDays(400)))).as("never one that has not concluded").isZero();
    }

    @Test
    void aRunWhoseLastRecordsAreNotSentYetStays() {
        mongo.getCollection(MongoPipelineRuns.COLLECTION).insertOne(new Document("_id", "pt-unsent")
                .append("conclusion", new Document("stage", "SUCCEEDED"))
                .append("concludedAt", Date.from(Instant.now().minus(Duration.ofDays(90))))
                .append("outbox", List.of(new Document("eventId", "e-1"))));

        assertThat(forget.sweep()).isZero();
        assertThat(ids()).containsExactly("pt-unsent");
    }
}
