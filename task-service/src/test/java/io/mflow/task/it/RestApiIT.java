package io.mflow.task.it;

import static io.mflow.task.it.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.schemas.Topics;
import io.mflow.schemas.event.JobTaskStatusChanged;
import io.mflow.schemas.event.TaskPlan;
import io.mflow.schemas.sealed.SealedPlace;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RestApiIT extends TaskServiceHarness {

    @Test
    void aStatusReportWithTheRightUpdateTokenMovesTheTaskAndAWrongOneIsRefused() {
        String ptId = run(definePipeline("rest-status"));
        TaskPlan compile = firstTask(planOf(ptId));
        String jtId = compile.getJobTaskId();
        String token = SEALED.open(compile.getUpdateToken(), SealedPlace.updateToken(compile.getJobTaskId(), 1));
        String path = "/api/v1/job-tasks/" + jtId + "/status";

        Response wrong = post(path, json(Map.of("token", "wrong", "stage", "ACTIVE")));
        assertProblem(wrong, 401);
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        Response sealedToken = post(path, json(Map.of("token", compile.getUpdateToken(), "stage", "ACTIVE")));
        assertProblem(sealedToken, 401);
        assertProblem(call("POST", path, json(Map.of("stage", "ACTIVE")), null), 401);
        assertThat(get("/api/v1/job-tasks/" + jtId).json().path("stage").asString()).isEqualTo("PENDING");

        Response active = post(path, json(Map.of("token", token, "stage", "ACTIVE", "message", "running")));
        assertThat(active.status()).isEqualTo(200);
        assertThat(active.json().path("stage").asString()).isEqualTo("ACTIVE");
        assertThat(active.json().path("message").asString()).isEqualTo("running");
        assertThat(active.body()).doesNotContain(token);

        // a runner may send the update token as a bearer token instead; a user's API token is no substitute
        Response same = call("POST", path, json(Map.of("stage", "ACTIVE")), token);
        assertThat(same.status()).as(same.body()).isEqualTo(200);
        assertProblem(call("POST", path, json(Map.of("stage", "ACTIVE")), ADMIN_TOKEN), 401);

        Response done = post(path, json(Map.of("token", token, "stage", "SUCCEEDED", "outputs", Map.of("A", "1"))));
        assertThat(done.status()).isEqualTo(200);
        assertThat(done.json().path("message").asString()).isEqualTo("running");

        Response back = post(path, json(Map.of("token", token, "stage", "ACTIVE")));
        assertProblem(back, 409);
        assertThat(back.json().path("detail").asString()).contains("SUCCEEDED", "ACTIVE");

        try (TopicReader events = new TopicReader(Topics.TASK_EVENTS)) {
            List<JobTaskStatusChanged> changes = events.await(rs -> rs.stream().map(TopicReader::decode)
                            .filter(v -> v instanceof JobTaskStatusChanged c && c.getJobTaskId().equals(jtId)).count() >= 2)
                    .stream().map(TopicReader::decode)
                    .filter(v -> v instanceof JobTaskStatusChanged c && c.getJobTaskId().equals(jtId))
                    .map(JobTaskStatusChanged.class::cast).toList();
            assertThat(changes).hasSize(2);
            assertThat(changes.get(1).getOutputs()).containsEntry("A", "1");
        }
    }

    @Test
    void unknownIdsAreNotFound() {
        assertProblem(get("/api/v1/jobs/job-nope"), 404);
        assertProblem(get("/api/v1/pipelines/pl-nope"), 404);
        assertProblem(get("/api/v1/pipeline-tasks/pt-nope"), 404);
        assertProblem(get("/api/v1/job-tasks/jt-nope"), 404);
        assertProblem(post("/api/v1/job-tasks/jt-nope/status", json(Map.of("token", "t", "stage", "ACTIVE"))), 404);
        assertProblem(post("/api/v1/pipelines/pl-nope/runs", null), 404);
        assertProblem(post("/api/v1/pipeline-tasks/pt-nope/cancel", null), 404);
    }

    @Test
    void badJobsAreRefusedWithAReason() {
        assertProblem(post("/api/v1/jobs", "{not json"), 400);
        assertProblem(post("/api/v1/jobs", json(Map.of("name", "bad name", "runnerSpec", "true"))), 400);
        Response noSpec = post("/api/v1/jobs", json(Map.of("name", "no-spec")));
        assertProblem(noSpec, 400);
        assertThat(noSpec.json().path("detail").asString()).contains("runnerSpec");
        Response nomad = post("/api/v1/jobs", json(Map.of("name", "nomad", "runnerType", "NOMAD", "runnerSpec", "x")));
        assertProblem(nomad, 400);
        assertThat(nomad.json().path("detail").asString()).contains("runnerType must be one of [LOCAL, K8S_JOB, AGENT]");
        Response tagsOnLocal = post("/api/v1/jobs", json(Map.of("name", "tagged", "runnerSpec", "true",
                "agentTags", List.of("linux"))));
        assertProblem(tagsOnLocal, 400);
        assertThat(tagsOnLocal.json().path("detail").asString()).contains("agentTags are for runnerType AGENT");
        Response badTag = post("/api/v1/jobs", json(Map.of("name", "bad-tag", "runnerType", "AGENT", "runnerSpec", "true",
                "agentTags", List.of("linux", "has space"))));
        assertProblem(badTag, 400);
        assertThat(badTag.json().path("detail").asString()).contains("agentTags[1]");
        Response agentJob = post("/api/v1/jobs", json(Map.of("name", "on-agents", "runnerType", "AGENT",
                "runnerSpec", "make test", "agentTags", List.of("linux", "docker"))));
        assertThat(agentJob.status()).isEqualTo(201);
        assertThat(agentJob.json().path("agentTags").toString()).isEqualTo("[\"linux\",\"docker\"]");
        Response twice = post("/api/v1/jobs", json(Map.of("name", "twice", "runnerSpec", "true",
                "params", List.of(Map.of("name", "A"), Map.of("name", "A")))));
        assertProblem(twice, 400);
        assertThat(twice.json().path("detail").asString()).contains("'A'");

        Response first = post("/api/v1/jobs", json(Map.of("name", "unique-job", "runnerSpec", "true")));
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.json().path("runnerType").asString()).isEqualTo("LOCAL");
        // the same version again with the same definition is no change (200, the same job); another one is refused
        Response again = post("/api/v1/jobs", json(Map.of("name", "unique-job", "runnerSpec", "true")));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("id").asString()).isEqualTo(first.json().path("id").asString());
        assertProblem(post("/api/v1/jobs", json(Map.of("name", "unique-job", "runnerSpec", "false"))), 409);
        assertThat(get("/api/v1/jobs/" + first.json().path("id").asString()).status()).isEqualTo(200);
        Response page = get("/api/v1/jobs?page=0&size=1");
        assertThat(page.json().path("items").size()).isEqualTo(1);
        assertThat(page.json().path("total").asLong()).isGreaterThanOrEqualTo(1);
        assertProblem(get("/api/v1/jobs?size=0"), 400);
    }

    @Test
    void badPipelinesAreRefusedSayingWhatIsWrong() {
        post("/api/v1/jobs", json(Map.of("name", "shape-job", "runnerSpec", "true",
                "params", List.of(Map.of("name", "LOCKED", "value", "v", "readOnly", true)))));
        assertProblem(post("/api/v1/pipelines", json(Map.of("name", "empty", "stages", List.of()))), 400);
        assertProblem(post("/api/v1/pipelines", json(Map.of("name", "no-tasks",
                "stages", List.of(Map.of("name", "s", "tasks", List.of()))))), 400);
        assertProblem(post("/api/v1/pipelines", json(Map.of("name", "dup-stages", "stages", List.of(
                stage("s", task("t", "shape-job")), stage("s", task("t", "shape-job")))))), 400);
        assertProblem(post("/api/v1/pipelines", json(Map.of("name", "dup-tasks", "stages", List.of(
                stage("s", task("t", "shape-job"), task("t", "shape-job")))))), 400);
        Response unknownJob = post("/api/v1/pipelines", json(Map.of("name", "unknown", "stages", List.of(
                stage("s", task("t", "no-such-job"))))));
        assertProblem(unknownJob, 400);
        assertThat(unknownJob.json().path("detail").asString()).contains("no-such-job");
        Response undeclared = post("/api/v1/pipelines", json(Map.of("name", "undeclared", "stages", List.of(
                stage("s", Map.of("name", "t", "job", "shape-job",
                        "params", List.of(Map.of("name", "NOPE", "value", "x"))))))));
        assertProblem(undeclared, 400);
        assertThat(undeclared.json().path("detail").asString()).contains("NOPE");
        Response locked = post("/api/v1/pipelines", json(Map.of("name", "locked", "stages", List.of(
                stage("s", Map.of("name", "t", "job", "shape-job",
                        "params", List.of(Map.of("name", "LOCKED", "value", "other"))))))));
        assertProblem(locked, 400);
        assertThat(locked.json().path("detail").asString()).contains("LOCKED");
    }

    @Test
    void aRunOverridingAReadOnlyParamIsRefusedAndCreatesNothing() {
        String pipelineId = definePipeline("locked-run");
        Response refused = post("/api/v1/pipelines/" + pipelineId + "/runs",
                json(Map.of("params", List.of(Map.of("name", "REGION", "value", "us")))));
        assertProblem(refused, 400);
        assertThat(refused.json().path("detail").asString()).contains("REGION");
        assertThat(get("/api/v1/pipeline-tasks?pipelineId=" + pipelineId).json().path("total").asLong()).isZero();

        Response accepted = post("/api/v1/pipelines/" + pipelineId + "/runs",
                json(Map.of("params", List.of(Map.of("name", "UNUSED", "value", "x")))));
        assertThat(accepted.status()).isEqualTo(201);
        Response listed = get("/api/v1/pipeline-tasks?pipelineId=" + pipelineId + "&stage=ACTIVE");
        assertThat(listed.json().path("total").asLong()).isEqualTo(1);
        assertThat(listed.json().path("items").get(0).path("id").asString())
                .isEqualTo(accepted.json().path("id").asString());
        assertProblem(get("/api/v1/pipeline-tasks?stage=NOPE"), 400);
    }

    @Test
    void theServiceIsHealthyAndDescribesItsApi() {
        Response anonymous = call("GET", "/actuator/health", null, null);
        assertThat(anonymous.status()).as(anonymous.body()).isEqualTo(200);
        assertThat(anonymous.json().path("status").asString()).isEqualTo("UP");
        assertThat(anonymous.json().has("components")).as("no components for anonymous callers").isFalse();
        assertThat(anonymous.body()).doesNotContain("clusterId", "database", "diskSpace", "path");
        assertThat(call("GET", "/actuator/health/liveness", null, null).status()).isEqualTo(200);
        assertThat(call("GET", "/actuator/health/readiness", null, null).status()).isEqualTo(200);
        Response health = get("/actuator/health");
        assertThat(health.status()).as(health.body()).isEqualTo(200);
        assertThat(health.json().path("status").asString()).isEqualTo("UP");
        assertThat(health.json().path("components").path("kafka").path("status").asString()).isEqualTo("UP");
        assertThat(health.json().path("components").path("mongo").path("status").asString()).isEqualTo("UP");
        Response docs = get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.body()).contains("/api/v1/pipelines/{id}/runs", "/api/v1/job-tasks/{id}/status");
    }

    /** Each of these answered with HTML, Spring Boot's own JSON or a 500 until ApiFuzzIT found it. */
    @Test
    void whatIsRefusedBeforeTheServiceSeesItIsAProblemDocumentToo() {
        // Tomcat refuses an encoded slash, Spring Security's firewall a double slash
        assertProblem(get("/api/v1/jobs/a%2Fb"), 400);
        assertProblem(get("/api/v1//jobs"), 400);
        // and a request line over its 8 KiB
        assertProblem(get("/api/v1/jobs/" + "x".repeat(10_000)), 400);
        assertProblem(sendAs("*/*", "{}".getBytes(StandardCharsets.UTF_8)), 415);
        byte[] notUtf8 = {'a', '=', (byte) 0xC3, (byte) 0x28};
        assertProblem(sendAs("application/x-www-form-urlencoded", notUtf8), 400);
        // a form parameter's name that Spring Security's firewall refuses (U+FFFF is no character) only once Spring
        // MVC reads it
        assertProblem(sendAs("application/x-www-form-urlencoded", "a\uFFFF=1".getBytes(StandardCharsets.UTF_8)), 400);
        Response twice = get("/api/v1/jobs?size=x&size=1");
        assertProblem(twice, 400);
        assertThat(twice.json().path("detail").asString()).contains("'x, 1'");
    }

    private Response sendAs(String contentType, byte[] body) {
        return send(HttpRequest.newBuilder(uri("/api/v1/jobs")).header("Content-Type", contentType)
                .header("Authorization", "Bearer " + ADMIN_TOKEN).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private static Map<String, Object> stage(String name, Object... tasks) {
        return Map.of("name", name, "parallel", false, "tasks", List.of(tasks));
    }

    private static Map<String, Object> task(String name, String job) {
        return Map.of("name", name, "job", job);
    }
}
