package io.mflow.task.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.schemas.Topics;
import io.mflow.schemas.command.CancelJob;
import io.mflow.schemas.command.RunJob;
import io.mflow.schemas.common.RunParam;
import io.mflow.schemas.common.Stage;
import io.mflow.schemas.event.JobTaskStatusReported;
import io.mflow.schemas.event.PipelineTaskStatusReported;
import io.mflow.schemas.event.TaskPlan;
import io.mflow.schemas.sealed.SealedPlace;
import io.mflow.schemas.sealed.SealedValues;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import tools.jackson.databind.JsonNode;

/**
 * A job task shows the params its attempt was sent to its runner with, as pipeline-service's RunJob carried them
 * (an earlier job's output filled in), sensitive ones sealed in the store and masked in every answer.
 */
class RanWithIT extends TaskServiceHarness {

    @Autowired
    MongoTemplate mongo;

    @Test
    void theJobTaskShowsTheParamsItsAttemptWasSentWithAnOutputFilledValueAndASensitiveOneMasked() {
        String ptId = run(defineDeploy("rw"));
        TaskPlan deploy = firstTask(planOf(ptId));
        String jt = deploy.getJobTaskId();
        Response before = get("/api/v1/job-tasks/" + jt);
        assertThat(before.json().path("ranWith").isNull()).as("not sent yet").isTrue();
        assertThat(param(before.json().path("params"), "IMAGE").path("value").isNull()).isTrue();

        RunJob sent = runJob(deploy, ptId, 1, "registry/app:42");
        produce(Topics.JOB_COMMANDS, ptId, sent);
        produce(Topics.JOB_COMMANDS, ptId, sent);
        eventually(() -> !get("/api/v1/job-tasks/" + jt).json().path("ranWith").isNull());

        Response shown = get("/api/v1/job-tasks/" + jt);
        JsonNode ranWith = shown.json().path("ranWith");
        assertThat(param(ranWith, "IMAGE").path("value").asString()).isEqualTo("registry/app:42");
        assertThat(param(ranWith, "PASSWORD").path("value").asString()).isEqualTo("******");
        assertThat(param(ranWith, "PASSWORD").path("sensitive").asBoolean()).isTrue();
        assertThat(param(ranWith, "JOB_TASK_UPDATE_TOKEN").path("value").asString()).isEqualTo("******");
        assertThat(param(shown.json().path("params"), "IMAGE").path("value").isNull())
                .as("the plan, which a retry starts from, stays as planned").isTrue();
        assertThat(shown.body()).doesNotContain("hunter2-rw").doesNotContain(SealedValues.PREFIX);

        Document stored = mongo.getCollection("job_tasks").find(new Document("_id", jt)).first();
        String sealed = stored.getList("ranWith", Document.class).stream()
                .filter(p -> "PASSWORD".equals(p.get("name"))).findFirst().orElseThrow().getString("value");
        assertThat(sealed).as("kept sealed as it came").startsWith(SealedValues.PREFIX);
        assertThat(SEALED.open(sealed, SealedPlace.jobTaskParam(jt, "PASSWORD"))).isEqualTo("hunter2-rw");

        DashboardSession session = new DashboardSession(uri("/")).signedIn(userWithToken("rw-viewer", "VIEWER"));
        HttpResponse<String> page = session.get("/job-tasks/" + jt);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("registry/app:42", "as attempt 1 was sent to its runner", "******")
                .doesNotContain("hunter2-rw").doesNotContain(SealedValues.PREFIX);
    }

    @Test
    void aCommandOfAnEarlierAttemptOrACancelChangesNothingAndTheNextAttemptShowsItsOwn() {
        String ptId = run(defineDeploy("rw-retry"));
        TaskPlan deploy = firstTask(planOf(ptId));
        String jt = deploy.getJobTaskId();
        String token = SEALED.open(deploy.getUpdateToken(), SealedPlace.updateToken(jt, 1));
        produce(Topics.JOB_TASK_STATUS_REPORTS, ptId, JobTaskStatusReported.newBuilder().setReportId(jt + "#1:FAILED")
                .setJobTaskId(jt).setPipelineTaskId(ptId).setUpdateToken(token).setStage(Stage.FAILED)
                .setMessage("no image").setReportedAt(Instant.now()).setAttempt(1).build());
        eventually(() -> "FAILED".equals(get("/api/v1/job-tasks/" + jt).json().path("stage").asString()));
        produce(Topics.PIPELINE_TASK_STATUS_REPORTS, ptId, PipelineTaskStatusReported.newBuilder()
                .setReportId(ptId + ":FAILED").setPipelineTaskId(ptId).setStage(Stage.FAILED).setMessage("deploy failed")
                .setReportedAt(Instant.now()).build());
        eventually(() -> "FAILED".equals(get("/api/v1/pipeline-tasks/" + ptId).json().path("stage").asString()));
        Response retried = post("/api/v1/job-tasks/" + jt + "/retry", json(Map.of("reason", "again")));
        assertThat(retried.status()).as(retried.body()).isEqualTo(202);
        assertThat(retried.json().path("attempt").asInt()).isEqualTo(2);

        produce(Topics.JOB_COMMANDS, ptId, runJob(deploy, ptId, 1, "registry/app:old"));
        produce(Topics.JOB_COMMANDS, ptId, CancelJob.newBuilder().setAttemptId(jt + "#2").setJobTaskId(jt)
                .setPipelineTaskId(ptId).setUpdateToken(deploy.getUpdateToken()).setIssuedAt(Instant.now()).build());
        produce(Topics.JOB_COMMANDS, ptId, runJob(deploy, ptId, 2, "registry/app:43"));
        eventually(() -> !get("/api/v1/job-tasks/" + jt).json().path("ranWith").isNull());

        JsonNode task = get("/api/v1/job-tasks/" + jt).json();
        assertThat(param(task.path("ranWith"), "IMAGE").path("value").asString()).isEqualTo("registry/app:43");
        assertThat(param(task.path("attempts").get(1).path("ranWith"), "IMAGE").path("value").asString())
                .isEqualTo("registry/app:43");
        assertThat(task.path("attempts").get(0).has("ranWith")).as("attempt 1 was never sent; its late command "
                + "is not laid on it either").isFalse();
    }

    /** A job with a param an earlier job's output fills and a sensitive default, in a pipeline of one task. */
    private String defineDeploy(String prefix) {
        Response job = post("/api/v1/jobs", json(Map.of("name", prefix + "-deploy", "runnerSpec", "echo $IMAGE",
                "params", List.of(Map.of("name", "IMAGE"),
                        Map.of("name", "PASSWORD", "value", "hunter2-" + prefix, "sensitive", true)))));
        assertThat(job.status()).as(job.body()).isEqualTo(201);
        Response pipeline = post("/api/v1/pipelines", json(Map.of("name", prefix + "-cd", "stages", List.of(
                Map.of("name", "deploy", "parallel", false, "tasks", List.of(Map.of("name", "deploy",
                        "job", prefix + "-deploy")))))));
        assertThat(pipeline.status()).as(pipeline.body()).isEqualTo(201);
        return pipeline.json().path("id").asString();
    }

    /** The command pipeline-service sends: the plan's params, IMAGE filled from an earlier job's output. */
    private static RunJob runJob(TaskPlan task, String ptId, int attempt, String image) {
        List<RunParam> params = task.getParams().stream()
                .map(p -> "IMAGE".equals(p.getName()) ? RunParam.newBuilder(p).setValue(image).build() : p)
                .toList();
        return RunJob.newBuilder().setAttemptId(task.getJobTaskId() + "#" + attempt).setJobTaskId(task.getJobTaskId())
                .setPipelineTaskId(ptId).setJobTaskName(task.getName()).setJobName(task.getJobName())
                .setRunnerType(task.getRunnerType()).setRunnerSpec(task.getRunnerSpec()).setParams(params)
                .setUpdateToken(task.getUpdateToken()).setIssuedAt(Instant.now()).build();
    }

    private static JsonNode param(JsonNode params, String name) {
        for (JsonNode param : params) {
            if (name.equals(param.path("name").asString())) {
                return param;
            }
        }
        throw new AssertionError("no param " + name + " in " + params);
    }

}
