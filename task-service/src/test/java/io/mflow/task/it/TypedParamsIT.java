package io.mflow.task.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Typed params through the REST API: a job declares them, a run that gives a value that does not fit is refused. */
class TypedParamsIT extends TaskServiceHarness {

    private static Map<String, Object> environment() {
        return Map.of("name", "ENV", "type", "ENUM", "value", "dev",
                "options", List.of(Map.of("value", "dev", "label", "Development"), Map.of("value", "prod")));
    }

    private String typedJob(String name) {
        Response job = post("/api/v1/jobs", json(Map.of("name", name, "runnerSpec", "echo $ENV", "params", List.of(
                environment(), Map.of("name", "REPLICAS", "type", "NUMBER", "value", "1"),
                Map.of("name", "REPO", "type", "URL")))));
        assertThat(job.status()).as(job.body()).isEqualTo(201);
        return job.json().path("id").asString();
    }

    @Test
    void aJobShowsItsParamsTypesAndOptions() {
        String id = typedJob("typed-shown");
        Response shown = get("/api/v1/jobs/" + id);
        assertThat(shown.json().path("params").get(0).path("type").asString()).isEqualTo("ENUM");
        assertThat(shown.json().path("params").get(0).path("options").get(0).path("label").asString())
                .isEqualTo("Development");
        assertThat(shown.json().path("params").get(1).path("type").asString()).isEqualTo("NUMBER");
    }

    @Test
    void aJobWhoseDeclarationDoesNotFitItsTypeIsRefusedNamingTheParam() {
        Response noOptions = post("/api/v1/jobs", json(Map.of("name", "typed-no-options", "runnerSpec", "true",
                "params", List.of(Map.of("name", "ENV", "type", "ENUM")))));
        Response badDefault = post("/api/v1/jobs", json(Map.of("name", "typed-bad-default", "runnerSpec", "true",
                "params", List.of(Map.of("name", "REPLICAS", "type", "NUMBER", "value", "three")))));
        Response unknownType = post("/api/v1/jobs", json(Map.of("name", "typed-unknown", "runnerSpec", "true",
                "params", List.of(Map.of("name", "X", "type", "INTEGER")))));

        assertThat(noOptions.status()).isEqualTo(400);
        assertThat(noOptions.json().path("detail").asString()).contains("ENV", "needs options");
        assertThat(badDefault.status()).isEqualTo(400);
        assertThat(badDefault.json().path("detail").asString()).contains("REPLICAS", "must be a number");
        assertThat(unknownType.status()).isEqualTo(400);
        assertThat(unknownType.json().path("detail").asString()).contains("params[0].type", "INTEGER");
    }

    @Test
    void aSingleRunWithAValueThatDoesNotFitIsRefusedNamingTheParamAndWhy() {
        typedJob("typed-single");
        int before = get("/api/v1/job-tasks?size=1").json().path("total").asInt();

        Response run = post("/api/v1/job-tasks", json(Map.of("job", "typed-single", "params", List.of(
                Map.of("name", "ENV", "value", "staging"), Map.of("name", "REPO", "value", "not a url")))));

        assertThat(run.status()).as(run.body()).isEqualTo(400);
        assertThat(run.json().path("detail").asString())
                .contains("param 'ENV' must be one of [dev, prod], not 'staging'", "param 'REPO' must be an absolute URL");
        assertThat(get("/api/v1/job-tasks?size=1").json().path("total").asInt()).isEqualTo(before);
        assertThat(post("/api/v1/job-tasks", json(Map.of("job", "typed-single", "params", List.of(
                Map.of("name", "ENV", "value", "prod"), Map.of("name", "REPLICAS", "value", "3"))))).status())
                .isEqualTo(201);
    }

    @Test
    void aPipelineRunWithAValueThatDoesNotFitIsRefusedNamingTheParamAndTheTask() {
        typedJob("typed-deploy");
        Response pipeline = post("/api/v1/pipelines", json(Map.of("name", "typed-pipeline", "stages", List.of(
                Map.of("name", "deploy", "tasks", List.of(Map.of("name", "roll-out", "job", "typed-deploy")))))));
        assertThat(pipeline.status()).as(pipeline.body()).isEqualTo(201);
        int before = get("/api/v1/pipeline-tasks?size=1").json().path("total").asInt();

        Response run = post("/api/v1/pipelines/" + pipeline.json().path("id").asString() + "/runs",
                json(Map.of("params", List.of(Map.of("name", "REPLICAS", "value", "many")))));

        assertThat(run.status()).as(run.body()).isEqualTo(400);
        assertThat(run.json().path("detail").asString())
                .contains("param 'REPLICAS' must be a number, not 'many'", "roll-out");
        assertThat(get("/api/v1/pipeline-tasks?size=1").json().path("total").asInt()).isEqualTo(before);
    }

    @Test
    void aPipelineWhoseTaskGivesAValueThatDoesNotFitIsRefused() {
        typedJob("typed-defined");
        Response pipeline = post("/api/v1/pipelines", json(Map.of("name", "typed-bad-task", "stages", List.of(
                Map.of("name", "deploy", "tasks", List.of(Map.of("name", "roll-out", "job", "typed-defined",
                        "params", List.of(Map.of("name", "ENV", "value", "qa")))))))));
        assertThat(pipeline.status()).as(pipeline.body()).isEqualTo(400);
        assertThat(pipeline.json().path("detail").asString()).contains("param 'ENV' must be one of [dev, prod]");
    }
}
