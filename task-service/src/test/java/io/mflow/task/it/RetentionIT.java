package io.mflow.task.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.schemas.Topics;
import io.mflow.schemas.common.Stage;
import io.mflow.schemas.event.JobLogChunk;
import io.mflow.schemas.event.JobTaskCreated;
import io.mflow.schemas.event.JobTaskStatusReported;
import io.mflow.schemas.event.PipelineTaskStatusReported;
import io.mflow.task.app.ForgetRuns;
import io.mflow.task.app.JobTasks;
import io.mflow.task.app.PipelineTasks;
import io.mflow.task.app.Pipelines;
import io.mflow.task.app.RunHistory;
import io.mflow.schemas.sealed.SealedPlace;
import io.mflow.task.domain.Retention;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * History stays within bounds: a person removes one finished run with everything kept for it, and the sweep removes
 * finished runs past the retention's age or count, never a young or an active one. The test plays pipeline-service,
 * reporting the end of a run on its topic; it sweeps "as at" a later time instead of waiting for one.
 */
class RetentionIT extends TaskServiceHarness {

    @Autowired
    ForgetRuns forgetRuns;
    @Autowired
    PipelineTasks pipelineTasks;
    @Autowired
    JobTasks jobTasks;
    @Autowired
    Pipelines pipelines;
    @Autowired
    RunHistory history;
    @Autowired
    MongoTemplate mongo;

    private void end(String ptId, Stage stage) {
        produce(Topics.PIPELINE_TASK_STATUS_REPORTS, ptId, PipelineTaskStatusReported.newBuilder()
                .setReportId("end-" + ptId).setPipelineTaskId(ptId).setStage(stage).setMessage("ended")
                .setReportedAt(Instant.now()).build());
        eventually(() -> stageOf(ptId).equals(stage.name()));
    }

    private String stageOf(String ptId) {
        return get("/api/v1/pipeline-tasks/" + ptId).json().path("stage").asString();
    }

    private List<String> jobTaskIdsOf(String ptId) {
        return jobTasks.ofPipelineTasks(List.of(ptId)).stream().map(t -> t.id()).toList();
    }

    private long stored(String collection, Document filter) {
        return mongo.getCollection(collection).countDocuments(filter);
    }

    @Test
    void aFinishedRunRemovedThroughTheApiIsGoneWithItsJobTasksAndLogsAndAnActiveOneIsRefusedUntouched() {
        String ptId = run(definePipeline("ret-api"));
        String jobTaskId = jobTaskIdsOf(ptId).get(0);
        produce(Topics.JOB_LOGS, ptId, JobLogChunk.newBuilder().setJobTaskId(jobTaskId).setPipelineTaskId(ptId)
                .setAttempt(1).setFirstLine(0).setText("compiling\ndone").setLast(true).setAt(Instant.now()).build());
        eventually(() -> get("/api/v1/job-tasks/" + jobTaskId + "/log").body().endsWith("done"));

        Response active = call("DELETE", "/api/v1/pipeline-tasks/" + ptId, null, ADMIN_TOKEN);
        assertThat(active.status()).as(active.body()).isEqualTo(409);
        assertThat(active.json().path("detail").asString()).contains("ACTIVE");
        assertThat(stageOf(ptId)).isEqualTo("ACTIVE");
        assertThat(get("/api/v1/job-tasks/" + jobTaskId).status()).isEqualTo(200);
        assertThat(get("/api/v1/job-tasks/" + jobTaskId + "/log").body()).endsWith("done");

        end(ptId, Stage.FAILED);
        Response removed = call("DELETE", "/api/v1/pipeline-tasks/" + ptId, null, ADMIN_TOKEN);

        assertThat(removed.status()).as(removed.body()).isEqualTo(204);
        assertThat(get("/api/v1/pipeline-tasks/" + ptId).status()).isEqualTo(404);
        assertThat(get("/api/v1/job-tasks/" + jobTaskId).status()).isEqualTo(404);
        assertThat(get("/api/v1/job-tasks/" + jobTaskId + "/log").status()).isEqualTo(404);
        assertThat(stored("job_tasks", new Document("pipelineTaskId", ptId))).isZero();
        assertThat(stored("job_logs", new Document("_id", jobTaskId + "#1"))).isZero();
        assertThat(stored("job_log_chunks", new Document("log", jobTaskId + "#1"))).isZero();
        Response again = call("DELETE", "/api/v1/pipeline-tasks/" + ptId, null, ADMIN_TOKEN);
        assertThat(again.status()).as("removing twice finds nothing the second time").isEqualTo(404);
        assertThat(again.json().path("status").asInt()).isEqualTo(404);
    }

    @Test
    void aViewerAndAnotherNamespacesDeveloperCannotRemoveARunButItsNamespacesDeveloperCan() {
        String viewer = userWithToken("ret-viewer", "VIEWER");
        Response user = post("/api/v1/users", json(Map.of("name", "ret-other", "roles", List.of("VIEWER"),
                "namespaceRoles", Map.of("other-team", "DEVELOPER"))));
        assertThat(user.status()).as(user.body()).isEqualTo(201);
        String otherDeveloper = post("/api/v1/users/ret-other/tokens", json(Map.of("name", "t"))).json()
                .path("token").asString();
        Response owner = post("/api/v1/users", json(Map.of("name", "ret-owner", "roles", List.of("VIEWER"),
                "namespaceRoles", Map.of("default", "DEVELOPER"))));
        assertThat(owner.status()).as(owner.body()).isEqualTo(201);
        String ownDeveloper = post("/api/v1/users/ret-owner/tokens", json(Map.of("name", "t"))).json()
                .path("token").asString();
        String ptId = run(definePipeline("ret-roles"));
        end(ptId, Stage.SUCCEEDED);

        assertThat(call("DELETE", "/api/v1/pipeline-tasks/" + ptId, null, viewer).status()).isEqualTo(403);
        Response elsewhere = call("DELETE", "/api/v1/pipeline-tasks/" + ptId, null, otherDeveloper);
        assertThat(elsewhere.status()).as(elsewhere.body()).isEqualTo(403);
        assertThat(elsewhere.json().path("detail").asString()).contains("namespace 'default'");
        assertThat(call("DELETE", "/api/v1/pipeline-tasks/" + ptId, null, null).status()).isEqualTo(401);
        assertThat(get("/api/v1/pipeline-tasks/" + ptId).status()).as("still there").isEqualTo(200);
        assertThat(jobTaskIdsOf(ptId)).hasSize(2);

        assertThat(call("DELETE", "/api/v1/pipeline-tasks/" + ptId, null, ownDeveloper).status()).isEqualTo(204);
        assertThat(get("/api/v1/pipeline-tasks/" + ptId).status()).isEqualTo(404);
    }

    @Test
    void theSweepRemovesRunsThatFinishedLongAgoAndKeepsYoungAndActiveOnes() {
        String pipelineId = definePipeline("ret-age");
        String old = run(pipelineId);
        end(old, Stage.SUCCEEDED);
        String oldJobTask = jobTaskIdsOf(old).get(0);
        Instant between = Instant.now().plusMillis(5);
        eventually(() -> Instant.now().isAfter(between.plusMillis(5)));
        String young = run(pipelineId);
        end(young, Stage.CANCELED);
        String active = run(pipelineId);

        forgetRuns.sweepAt(between.plus(Duration.ofDays(30)));

        assertThat(get("/api/v1/pipeline-tasks/" + old).status()).isEqualTo(404);
        assertThat(get("/api/v1/job-tasks/" + oldJobTask).status()).isEqualTo(404);
        assertThat(get("/api/v1/pipeline-tasks/" + young).status()).isEqualTo(200);
        assertThat(jobTaskIdsOf(young)).hasSize(2);
        assertThat(stageOf(active)).isEqualTo("ACTIVE");
        assertThat(jobTaskIdsOf(active)).hasSize(2);

        forgetRuns.sweepAt(Instant.now().plus(Duration.ofDays(365)));
        assertThat(stageOf(active)).as("an active run is never removed, however old").isEqualTo("ACTIVE");
        assertThat(get("/api/v1/pipeline-tasks/" + young).status()).isEqualTo(404);
    }

    @Test
    void theSweepKeepsEachPipelinesNewestFinishedRunsUpToTheCount() {
        String pipelineId = definePipeline("ret-count");
        List<String> finished = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String ptId = run(pipelineId);
            end(ptId, Stage.SUCCEEDED);
            finished.add(ptId);
        }
        String active = run(pipelineId);
        ForgetRuns keepingTwo = new ForgetRuns(pipelineTasks, jobTasks, pipelines, history,
                new Retention(Duration.ofDays(3650), 2, 100), Clock.systemUTC());

        keepingTwo.sweep();
        keepingTwo.sweep();

        assertThat(get("/api/v1/pipeline-tasks/" + finished.get(0)).status()).isEqualTo(404);
        assertThat(get("/api/v1/pipeline-tasks/" + finished.get(1)).status()).isEqualTo(404);
        assertThat(get("/api/v1/pipeline-tasks/" + finished.get(2)).status()).isEqualTo(200);
        assertThat(get("/api/v1/pipeline-tasks/" + finished.get(3)).status()).isEqualTo(200);
        assertThat(stageOf(active)).isEqualTo("ACTIVE");
        assertThat(jobTaskIdsOf(finished.get(0))).isEmpty();
    }

    @Test
    void theSweepRemovesAJobRunOnItsOwnThatEndedLongAgoWithItsLogAndKeepsOneStillGoing() {
        assertThat(post("/api/v1/jobs", json(Map.of("name", "ret-single", "runnerSpec", "true"))).status())
                .isEqualTo(201);
        String ended = post("/api/v1/job-tasks", json(Map.of("job", "ret-single"))).json().path("id").asString();
        String going = post("/api/v1/job-tasks", json(Map.of("job", "ret-single"))).json().path("id").asString();
        JobTaskCreated created;
        try (TopicReader events = new TopicReader(Topics.TASK_EVENTS)) {
            ConsumerRecord<String, byte[]> record = events.await(rs -> rs.stream().anyMatch(r -> ended.equals(r.key())))
                    .stream().filter(r -> ended.equals(r.key())).findFirst().orElseThrow();
            created = (JobTaskCreated) TopicReader.decode(record);
        }
        String token = SEALED.open(created.getUpdateToken(), SealedPlace.updateToken(ended, 1));
        for (Stage stage : List.of(Stage.ACTIVE, Stage.SUCCEEDED)) {
            produce(Topics.JOB_TASK_STATUS_REPORTS, ended, JobTaskStatusReported.newBuilder()
                    .setReportId(ended + ":" + stage).setJobTaskId(ended).setUpdateToken(token).setStage(stage)
                    .setReportedAt(Instant.now()).build());
        }
        produce(Topics.JOB_LOGS, ended, JobLogChunk.newBuilder().setJobTaskId(ended).setAttempt(1).setFirstLine(0)
                .setText("done").setLast(true).setAt(Instant.now()).build());
        eventually(() -> get("/api/v1/job-tasks/" + ended).json().path("stage").asString().equals("SUCCEEDED")
                && get("/api/v1/job-tasks/" + ended + "/log").body().endsWith("done"));

        forgetRuns.sweepAt(Instant.now().plus(Duration.ofDays(31)));

        assertThat(get("/api/v1/job-tasks/" + ended).status()).isEqualTo(404);
        assertThat(stored("job_log_chunks", new Document("log", ended + "#1"))).isZero();
        assertThat(get("/api/v1/job-tasks/" + going).status()).as("one not ended stays").isEqualTo(200);
    }

    @Test
    void aRunOfARemovedPipelineIsRemovedOnlyByADeveloperOfEveryNamespace() {
        Response owner = post("/api/v1/users", json(Map.of("name", "ret-ns-only", "roles", List.of("VIEWER"),
                "namespaceRoles", Map.of("default", "DEVELOPER"))));
        assertThat(owner.status()).as(owner.body()).isEqualTo(201);
        String namespaceDeveloper = post("/api/v1/users/ret-ns-only/tokens", json(Map.of("name", "t"))).json()
                .path("token").asString();
        String developer = userWithToken("ret-dev", "DEVELOPER");
        String pipelineId = definePipeline("ret-gone");
        String ptId = run(pipelineId);
        end(ptId, Stage.SUCCEEDED);
        assertThat(call("DELETE", "/api/v1/pipelines/" + pipelineId, null, ADMIN_TOKEN).status()).isEqualTo(204);

        Response refused = call("DELETE", "/api/v1/pipeline-tasks/" + ptId, null, namespaceDeveloper);
        assertThat(refused.status()).as(refused.body()).isEqualTo(403);
        assertThat(get("/api/v1/pipeline-tasks/" + ptId).status()).isEqualTo(200);

        assertThat(call("DELETE", "/api/v1/pipeline-tasks/" + ptId, null, developer).status()).isEqualTo(204);
        assertThat(get("/api/v1/pipeline-tasks/" + ptId).status()).isEqualTo(404);
    }

    @Test
    void theSweepRemovesTriggerRecordsReceivedLongAgo() {
        Instant now = Instant.now();
        mongo.getCollection("trigger_records").insertOne(new Document("_id", "tr-ret-old")
                .append("createdAt", java.util.Date.from(now.minus(Duration.ofDays(45)))));
        mongo.getCollection("trigger_records").insertOne(new Document("_id", "tr-ret-young")
                .append("createdAt", java.util.Date.from(now.minus(Duration.ofDays(2)))));

        forgetRuns.sweepAt(now);

        assertThat(stored("trigger_records", new Document("_id", "tr-ret-old"))).isZero();
        assertThat(stored("trigger_records", new Document("_id", "tr-ret-young"))).isEqualTo(1);
        mongo.getCollection("trigger_records").deleteOne(new Document("_id", "tr-ret-young"));
    }
}
