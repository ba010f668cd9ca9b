package io.mflow.task.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A pipeline's own params and a run's, each reaching the tasks of its scope, and ${NAME} references among them. */
class ScopedParamsIT extends TaskServiceHarness {

    private String pipeline(String name, List<Map<String, Object>> params) {
        Response job = post("/api/v1/jobs", json(Map.of("name", name + "-job", "runnerSpec", "echo $TARGET", "params",
                List.of(Map.of("name", "TARGET", "value", "none"), Map.of("name", "BRANCH"),
                        Map.of("name", "REPLICAS", "type", "NUMBER")))));
        assertThat(job.status()).as(job.body()).isEqualTo(201);
        Response pipeline = post("/api/v1/pipelines", json(Map.of("name", name, "params", params, "stages", List.of(
                Map.of("name", "build", "tasks", List.of(Map.of("name", "compile", "job", name + "-job"),
                        Map.of("name", "test", "job", name + "-job"))),
                Map.of("name", "deploy", "tasks", List.of(Map.of("name", "roll-out", "job", name + "-job")))))));
        assertThat(pipeline.status()).as(pipeline.body()).isEqualTo(201);
        return pipeline.json().path("id").asString();
    }

    /** task name -> param name -> value, of the run's job tasks. */
    private Map<String, Map<String, String>> paramsOfRun(String runId) {
        Map<String, Map<String, String>> byTask = new HashMap<>();
        for (JsonNode task : get("/api/v1/job-tasks?size=100&pipelineTaskId=" + runId).json().path("items")) {
            Map<String, String> params = new HashMap<>();
            task.path("params").forEach(p -> params.put(p.path("name").asString(), p.path("value").asString()));
            byTask.put(task.path("name").asString(), params);
        }
        return byTask;
    }

    @Test
    void aPipelinesOwnParamsAndARunsReachTheTasksOfTheirScopeByNameOrNumberAndTheRunsWin() {
        String id = pipeline("scoped", List.of(
                Map.of("name", "TARGET", "value", "staging"),
                Map.of("name", "REPLICAS", "value", "2", "scope", Map.of("stage", "deploy"))));
        Response shown = get("/api/v1/pipelines/" + id);
        assertThat(shown.json().path("params").get(1).path("scope").path("stage").asString()).isEqualTo("deploy");

        Response run = post("/api/v1/pipelines/" + id + "/runs", json(Map.of("params", List.of(
                Map.of("name", "TARGET", "value", "prod", "scope", Map.of("stage", 2)),
                Map.of("name", "BRANCH", "value", "main"),
                Map.of("name", "BRANCH", "value", "release-${TARGET}", "scope", Map.of("stage", "build", "task", "2"))))));

        assertThat(run.status()).as(run.body()).isEqualTo(201);
        Map<String, Map<String, String>> params = paramsOfRun(run.json().path("id").asString());
        assertThat(params.get("compile")).containsEntry("TARGET", "staging").containsEntry("BRANCH", "main")
                .containsEntry("REPLICAS", "");
        assertThat(params.get("test")).containsEntry("TARGET", "staging").containsEntry("BRANCH", "release-prod");
        assertThat(params.get("roll-out")).containsEntry("TARGET", "prod").containsEntry("REPLICAS", "2")
                .containsEntry("BRANCH", "main");
    }

    @Test
    void aScopeNamingNoStageOrTaskOfThePipelineIsRefused() {
        String id = pipeline("scoped-wrong", List.of());
        Response run = post("/api/v1/pipelines/" + id + "/runs", json(Map.of("params", List.of(
                Map.of("name", "TARGET", "value", "prod", "scope", Map.of("stage", "release"))))));
        assertThat(run.status()).isEqualTo(400);
        assertThat(run.json().path("detail").asString()).contains("params[0] 'TARGET'", "no stage 'release'");

        Response definition = post("/api/v1/pipelines", json(Map.of("name", "scoped-bad-definition", "params",
                List.of(Map.of("name", "TARGET", "value", "x", "scope", Map.of("stage", "deploy", "task", 3))),
                "stages", List.of(Map.of("name", "deploy", "tasks", List.of(Map.of("name", "roll-out",
                        "job", "scoped-wrong-job")))))));
        assertThat(definition.status()).isEqualTo(400);
        assertThat(definition.json().path("detail").asString()).contains("stage 'deploy' has no task '3'");
    }

    @Test
    void aPipelineParamNoJobItReachesDeclaresOrThatDoesNotFitIsRefused() {
        pipeline("scoped-base", List.of());
        Response undeclared = post("/api/v1/pipelines", json(Map.of("name", "scoped-undeclared", "params",
                List.of(Map.of("name", "NOBODY", "value", "x")), "stages", List.of(Map.of("name", "deploy", "tasks",
                        List.of(Map.of("name", "roll-out", "job", "scoped-base-job")))))));
        Response misfit = post("/api/v1/pipelines", json(Map.of("name", "scoped-misfit", "params",
                List.of(Map.of("name", "REPLICAS", "value", "two")), "stages", List.of(Map.of("name", "deploy", "tasks",
                        List.of(Map.of("name", "roll-out", "job", "scoped-base-job")))))));
        assertThat(undeclared.status()).isEqualTo(400);
        assertThat(undeclared.json().path("detail").asString()).contains("'NOBODY'", "declares it");
        assertThat(misfit.status()).isEqualTo(400);
        assertThat(misfit.json().path("detail").asString()).contains("param 'REPLICAS' must be a number");
    }

    @Test
    void aReferenceToAnUnknownNameOrACycleRefusesTheRunAndNothingStarts() {
        String id = pipeline("scoped-refs", List.of(Map.of("name", "TARGET", "value", "${BRANCH}")));
        int before = get("/api/v1/pipeline-tasks?size=1").json().path("total").asInt();

        Response unknown = post("/api/v1/pipelines/" + id + "/runs", "{}");
        Response cycle = post("/api/v1/pipelines/" + id + "/runs", json(Map.of("params", List.of(
                Map.of("name", "BRANCH", "value", "${TARGET}")))));
        Response scopeOnATaskValue = post("/api/v1/job-tasks", json(Map.of("job", "scoped-refs-job", "params",
                List.of(Map.of("name", "TARGET", "value", "x", "scope", Map.of("stage", "1"))))));

        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().path("detail").asString()).contains("${BRANCH}", "no run param of this run gives");
        assertThat(cycle.status()).isEqualTo(400);
        assertThat(cycle.json().path("detail").asString()).contains("circle", "TARGET -> BRANCH -> TARGET");
        assertThat(scopeOnATaskValue.status()).isEqualTo(400);
        assertThat(get("/api/v1/pipeline-tasks?size=1").json().path("total").asInt()).isEqualTo(before);
        Response resolved = post("/api/v1/pipelines/" + id + "/runs", json(Map.of("params", List.of(
                Map.of("name", "BRANCH", "value", "main")))));
        assertThat(resolved.status()).as(resolved.body()).isEqualTo(201);
        assertThat(paramsOfRun(resolved.json().path("id").asString()).get("roll-out")).containsEntry("TARGET", "main");
    }
}
