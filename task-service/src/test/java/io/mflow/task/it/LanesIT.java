package io.mflow.task.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.schemas.Topics;
import io.mflow.schemas.common.Stage;
import io.mflow.schemas.event.PipelineTaskCreated;
import io.mflow.schemas.event.PipelineTaskStatusChanged;
import io.mflow.schemas.event.PipelineTaskStatusReported;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A pipeline with a lane runs one run per value of its lane param at a time, through the real broker and store; the
 * test plays pipeline-service, reporting the end of a run on its topic as pipeline-service does.
 */
class LanesIT extends TaskServiceHarness {

    private String lanePipeline(String prefix, String whenBusy) {
        Response job = post("/api/v1/jobs", json(Map.of("name", prefix + "-deploy", "runnerSpec", "echo $DEPLOY_ENV",
                "params", List.of(Map.of("name", "DEPLOY_ENV")))));
        assertThat(job.status()).as(job.body()).isEqualTo(201);
        Response pipeline = post("/api/v1/pipelines", json(Map.of("name", prefix + "-cd",
                "lane", Map.of("param", "DEPLOY_ENV", "whenBusy", whenBusy),
                "stages", List.of(Map.of("name", "ship", "tasks", List.of(Map.of(
                        "name", "deploy", "job", prefix + "-deploy")))))));
        assertThat(pipeline.status()).as(pipeline.body()).isEqualTo(201);
        assertThat(pipeline.json().path("lane").path("param").asString()).isEqualTo("DEPLOY_ENV");
        assertThat(pipeline.json().path("lane").path("whenBusy").asString()).isEqualTo(whenBusy);
        return pipeline.json().path("id").asString();
    }

    private Response runOn(String pipelineId, String env) {
        return post("/api/v1/pipelines/" + pipelineId + "/runs",
                json(Map.of("params", List.of(Map.of("name", "DEPLOY_ENV", "value", env)))));
    }

    private void reportEnd(String ptId, Stage stage) {
        produce(Topics.PIPELINE_TASK_STATUS_REPORTS, ptId, PipelineTaskStatusReported.newBuilder()
                .setReportId("end-" + ptId).setPipelineTaskId(ptId).setStage(stage).setMessage("ended")
                .setReportedAt(Instant.now()).build());
    }

    private String stageOf(String ptId) {
        return get("/api/v1/pipeline-tasks/" + ptId).json().path("stage").asString();
    }

    @Test
    void aSecondRunOnABusyLaneIsQueuedAndStartsWhenTheOneAheadEndsInTheOrderTheyCame() {
        String pipelineId = lanePipeline("fifo", "QUEUE");
        Response first = runOn(pipelineId, "prod");
        Response second = runOn(pipelineId, "prod");
        Response third = runOn(pipelineId, "prod");
        Response elsewhere = runOn(pipelineId, "staging");

        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(first.json().path("stage").asString()).isEqualTo("ACTIVE");
        assertThat(first.json().has("queuePosition")).isFalse();
        assertThat(second.json().path("stage").asString()).isEqualTo("QUEUED");
        assertThat(second.json().path("queuePosition").asInt()).isEqualTo(1);
        assertThat(third.json().path("queuePosition").asInt()).isEqualTo(2);
        assertThat(elsewhere.json().path("stage").asString()).as("another lane value does not wait").isEqualTo("ACTIVE");
        String secondId = second.json().path("id").asString();
        String thirdId = third.json().path("id").asString();
        // Every run of a lane is announced queued, even one that finds its lane free: it is let go by its change to
        // ACTIVE, written after the lane's own write, so a crash in between never starts a run the lane did not let in.
        assertThat(planOf(secondId).getQueued()).isTrue();
        assertThat(planOf(first.json().path("id").asString()).getQueued()).isTrue();

        reportEnd(first.json().path("id").asString(), Stage.SUCCEEDED);

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> stageOf(secondId).equals("ACTIVE"));
        Response waiting = get("/api/v1/pipeline-tasks/" + thirdId);
        assertThat(waiting.json().path("stage").asString()).isEqualTo("QUEUED");
        assertThat(waiting.json().path("queuePosition").asInt()).isEqualTo(1);
        try (TopicReader events = new TopicReader(Topics.TASK_EVENTS)) {
            List<ConsumerRecord<String, byte[]>> records = events.await(rs -> rs.stream()
                    .anyMatch(r -> secondId.equals(r.key()) && TopicReader.decode(r) instanceof PipelineTaskStatusChanged));
            PipelineTaskStatusChanged letGo = records.stream().filter(r -> secondId.equals(r.key()))
                    .map(TopicReader::decode).filter(PipelineTaskStatusChanged.class::isInstance)
                    .map(PipelineTaskStatusChanged.class::cast).findFirst().orElseThrow();
            assertThat(letGo.getPreviousStage()).as("a queued run reads as not started yet").isEqualTo(Stage.PENDING);
            assertThat(letGo.getStage()).isEqualTo(Stage.ACTIVE);
        }

        reportEnd(secondId, Stage.FAILED);

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> stageOf(thirdId).equals("ACTIVE"));
    }

    @Test
    void aCanceledQueuedRunLeavesTheLineAtOnceAndTheOneBehindItMovesUp() {
        String pipelineId = lanePipeline("cancel", "QUEUE");
        String running = runOn(pipelineId, "prod").json().path("id").asString();
        String canceled = runOn(pipelineId, "prod").json().path("id").asString();
        String behind = runOn(pipelineId, "prod").json().path("id").asString();

        Response cancel = post("/api/v1/pipeline-tasks/" + canceled + "/cancel", "{}");

        assertThat(cancel.status()).as(cancel.body()).isEqualTo(202);
        assertThat(cancel.json().path("stage").asString()).isEqualTo("CANCELED");
        assertThat(get("/api/v1/pipeline-tasks/" + behind).json().path("queuePosition").asInt()).isEqualTo(1);
        assertThat(stageOf(running)).isEqualTo("ACTIVE");

        reportEnd(running, Stage.SUCCEEDED);

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> stageOf(behind).equals("ACTIVE"));
        assertThat(stageOf(canceled)).isEqualTo("CANCELED");
    }

    /** The run's one job task fails, and pipeline-service (played here) concludes the run FAILED. */
    private String failedRun(String pipelineId, String env) {
        String ptId = runOn(pipelineId, env).json().path("id").asString();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> stageOf(ptId).equals("ACTIVE"));
        var deploy = firstTask(planOf(ptId));
        String token = SEALED.open(deploy.getUpdateToken(),
                io.mflow.schemas.sealed.SealedPlace.updateToken(deploy.getJobTaskId(), 1));
        assertThat(call("POST", "/api/v1/job-tasks/" + deploy.getJobTaskId() + "/status",
                json(Map.of("stage", "FAILED", "message", "exit 1")), token).status()).isLessThan(300);
        reportEnd(ptId, Stage.FAILED);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> stageOf(ptId).equals("FAILED"));
        return deploy.getJobTaskId();
    }

    @Test
    void aFailedRunWhoseLaneWentOnToTheNextRunIsNotRetriedBesideIt() {
        String pipelineId = lanePipeline("retry-busy", "QUEUE");
        String first = runOn(pipelineId, "prod").json().path("id").asString();
        String next = runOn(pipelineId, "prod").json().path("id").asString();
        String failedTask = firstTask(planOf(first)).getJobTaskId();
        var deploy = firstTask(planOf(first));
        String token = SEALED.open(deploy.getUpdateToken(),
                io.mflow.schemas.sealed.SealedPlace.updateToken(failedTask, 1));
        call("POST", "/api/v1/job-tasks/" + failedTask + "/status",
                json(Map.of("stage", "FAILED", "message", "exit 1")), token);
        reportEnd(first, Stage.FAILED);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> stageOf(next).equals("ACTIVE"));

        Response retry = post("/api/v1/job-tasks/" + failedTask + "/retry", "{}");
        Response skip = post("/api/v1/job-tasks/" + failedTask + "/skip", json(Map.of("reason", "flaky")));

        assertThat(retry.status()).as(retry.body()).isEqualTo(409);
        assertThat(retry.body()).contains(next);
        assertThat(skip.status()).as(skip.body()).isEqualTo(409);
        assertThat(stageOf(first)).isEqualTo("FAILED");
    }

    @Test
    void aFailedRunRetriedWhileItsLaneIsFreeHoldsItAgainSoANewRunWaits() {
        String pipelineId = lanePipeline("retry-free", "QUEUE");
        String failedTask = failedRun(pipelineId, "prod");

        Response retry = post("/api/v1/job-tasks/" + failedTask + "/retry", "{}");
        Response newcomer = runOn(pipelineId, "prod");

        assertThat(retry.status()).as(retry.body()).isEqualTo(202);
        assertThat(newcomer.json().path("stage").asString()).isEqualTo("QUEUED");
        assertThat(newcomer.json().path("queuePosition").asInt()).isEqualTo(1);
    }

    @Test
    void aPipelineThatRejectsWhenBusyAnswers409AndStartsNothing() {
        String pipelineId = lanePipeline("reject", "REJECT");
        String running = runOn(pipelineId, "prod").json().path("id").asString();

        Response refused = runOn(pipelineId, "prod");

        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.body()).contains("prod");
        assertThat(get("/api/v1/pipeline-tasks?pipelineId=" + pipelineId).json().path("items").size()).isEqualTo(1);

        reportEnd(running, Stage.SUCCEEDED);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> stageOf(running).equals("SUCCEEDED"));
        assertThat(runOn(pipelineId, "prod").status()).as("the lane is free again").isEqualTo(201);
    }

    @Test
    void aRunWithoutAValueForTheLaneParamIsRefusedNamingTheParam() {
        String pipelineId = lanePipeline("nolane", "QUEUE");

        Response refused = post("/api/v1/pipelines/" + pipelineId + "/runs", "{}");

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("DEPLOY_ENV");
    }
}
