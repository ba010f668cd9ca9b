package io.mflow.task.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Labels on jobs, pipelines and their runs, searchLabel params among them, and the lists filtered by them. */
class LabelsIT extends TaskServiceHarness {

    @Test
    void aJobCarriesItsLabelsAndItsSearchLabelDefaultsAndIsListedByThem() {
        Response job = post("/api/v1/jobs", json(Map.of("name", "labelled-build", "runnerSpec", "true",
                "labels", Map.of("team", "web"), "params", List.of(
                        Map.of("name", "APP", "value", "shop", "searchLabel", true),
                        Map.of("name", "TOKEN", "value", "s3cret-token", "sensitive", true, "searchLabel", true)))));
        assertThat(job.status()).as(job.body()).isEqualTo(201);
        assertThat(job.json().path("labels").path("team").asString()).isEqualTo("web");
        assertThat(job.json().path("labels").path("APP").asString()).isEqualTo("shop");
        assertThat(job.json().path("labels").has("TOKEN")).as("a sensitive value is never a label").isFalse();
        assertThat(post("/api/v1/jobs", json(Map.of("name", "other-team-build", "runnerSpec", "true",
                "labels", Map.of("team", "ops")))).status()).isEqualTo(201);

        String web = get("/api/v1/jobs?label=team=web&size=100").json().path("items").toString();
        assertThat(web).contains("labelled-build").doesNotContain("other-team-build");
        assertThat(get("/api/v1/jobs?label=team=web&label=APP=shop").json().path("items").toString())
                .contains("labelled-build");
        assertThat(get("/api/v1/jobs?label=team=web&label=APP=cart").json().path("items").toString())
                .doesNotContain("labelled-build");
        assertThat(get("/api/v1/jobs?label=nonsense").status()).isEqualTo(400);
    }

    @Test
    void aRunIsLabelledByItsPipelineItsSearchLabelParamsAndItsRequestWhichWins() {
        assertThat(post("/api/v1/jobs", json(Map.of("name", "labelled-deploy", "runnerSpec", "true", "params",
                List.of(Map.of("name", "DEPLOY_ENV", "value", "dev", "searchLabel", true))))).status()).isEqualTo(201);
        Response pipeline = post("/api/v1/pipelines", json(Map.of("name", "labelled-pipeline",
                "labels", Map.of("team", "web", "tier", "gold"), "stages", List.of(
                        Map.of("name", "deploy", "tasks", List.of(Map.of("name", "roll-out", "job", "labelled-deploy")))))));
        assertThat(pipeline.status()).as(pipeline.body()).isEqualTo(201);
        assertThat(pipeline.json().path("labels").path("team").asString()).isEqualTo("web");
        String pipelineId = pipeline.json().path("id").asString();
        assertThat(get("/api/v1/pipelines?label=team=web&size=100").json().path("items").toString()).contains(pipelineId);
        assertThat(get("/api/v1/pipelines?label=team=ops&size=100").json().path("items").toString())
                .doesNotContain(pipelineId);

        Response run = post("/api/v1/pipelines/" + pipelineId + "/runs", json(Map.of(
                "params", List.of(Map.of("name", "DEPLOY_ENV", "value", "prod")), "labels", Map.of("tier", "silver"))));

        assertThat(run.status()).as(run.body()).isEqualTo(201);
        String runId = run.json().path("id").asString();
        assertThat(run.json().path("labels").path("team").asString()).isEqualTo("web");
        assertThat(run.json().path("labels").path("tier").asString()).as("the request's label wins").isEqualTo("silver");
        assertThat(run.json().path("labels").path("DEPLOY_ENV").asString()).isEqualTo("prod");
        assertThat(get("/api/v1/pipeline-tasks?label=DEPLOY_ENV=prod&label=team=web&size=100").json().path("items")
                .toString()).contains(runId);
        assertThat(get("/api/v1/pipeline-tasks?label=DEPLOY_ENV=dev&size=100").json().path("items").toString())
                .doesNotContain(runId);
        assertThat(get("/api/v1/job-tasks?label=DEPLOY_ENV=prod&pipelineTaskId=" + runId).json().path("total").asInt())
                .isEqualTo(1);
    }

    @Test
    void aSingleRunTakesItsSearchLabelParamsValues() {
        assertThat(post("/api/v1/jobs", json(Map.of("name", "labelled-single", "runnerSpec", "true", "params",
                List.of(Map.of("name", "APP", "searchLabel", true))))).status()).isEqualTo(201);
        Response run = post("/api/v1/job-tasks", json(Map.of("job", "labelled-single",
                "params", List.of(Map.of("name", "APP", "value", "cart")))));
        assertThat(run.status()).as(run.body()).isEqualTo(201);
        assertThat(run.json().path("labels").path("APP").asString()).isEqualTo("cart");
    }
}
