package io.mflow.task.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.mflow.schemas.sealed.SealedPlace;
import io.mflow.task.app.ApiTokens;
import io.mflow.task.domain.ApiToken;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Nobody in without a key, and nobody beyond their role: over every operation the API document lists. */
class SecurityIT extends TaskServiceHarness {

    /**
     * The least a caller needs for each operation. An operation missing here fails the test, so a new endpoint
     * cannot be added without saying who may call it.
     */
    private static final Map<String, String> NEEDS = Map.ofEntries(
            Map.entry("GET /api/v1/me", "VIEWER"),
            Map.entry("GET /api/v1/jobs", "VIEWER"),
            Map.entry("GET /api/v1/jobs/{id}", "VIEWER"),
            Map.entry("POST /api/v1/jobs", "DEVELOPER"),
            Map.entry("POST /api/v1/jobs/{id}/deprecate", "DEVELOPER"),
            Map.entry("DELETE /api/v1/jobs/{id}", "DEVELOPER"),
            Map.entry("GET /api/v1/pipelines", "VIEWER"),
            Map.entry("GET /api/v1/pipelines/{id}", "VIEWER"),
            Map.entry("POST /api/v1/pipelines", "DEVELOPER"),
            Map.entry("PUT /api/v1/pipelines/{id}", "DEVELOPER"),
            Map.entry("DELETE /api/v1/pipelines/{id}", "DEVELOPER"),
            Map.entry("POST /api/v1/pipelines/{id}/runs", "DEVELOPER"),
            Map.entry("GET /api/v1/pipeline-tasks", "VIEWER"),
            Map.entry("GET /api/v1/pipeline-tasks/{id}", "VIEWER"),
            Map.entry("POST /api/v1/pipeline-tasks/{id}/cancel", "DEVELOPER"),
            Map.entry("DELETE /api/v1/pipeline-tasks/{id}", "DEVELOPER"),
            Map.entry("GET /api/v1/job-tasks", "VIEWER"),
            Map.entry("POST /api/v1/job-tasks", "DEVELOPER"),
            Map.entry("GET /api/v1/job-tasks/{id}", "VIEWER"),
            Map.entry("GET /api/v1/job-tasks/{id}/log", "VIEWER"),
            Map.entry("POST /api/v1/job-tasks/{id}/status", "UPDATE_TOKEN"),
            Map.entry("POST /api/v1/job-tasks/{id}/audit", "VIEWER"),
            Map.entry("POST /api/v1/job-tasks/{id}/cancel", "DEVELOPER"),
            Map.entry("POST /api/v1/job-tasks/{id}/skip", "DEVELOPER"),
            Map.entry("POST /api/v1/job-tasks/{id}/retry", "DEVELOPER"),
            Map.entry("POST /api/v1/job-tasks/{id}/confirm", "VIEWER"),
            Map.entry("GET /api/v1/users", "VIEWER"),
            Map.entry("GET /api/v1/users/{name}", "VIEWER"),
            Map.entry("POST /api/v1/users", "ADMIN"),
            Map.entry("PATCH /api/v1/users/{name}", "ADMIN"),
            Map.entry("POST /api/v1/users/{name}/tokens", "OWNER"),
            Map.entry("GET /api/v1/users/{name}/tokens", "OWNER"),
            Map.entry("DELETE /api/v1/users/{name}/tokens/{id}", "OWNER"),
            Map.entry("GET /api/v1/agents", "VIEWER"),
            Map.entry("GET /api/v1/approvals", "VIEWER"),
            Map.entry("GET /api/v1/approvals/{id}", "VIEWER"),
            Map.entry("POST /api/v1/approvals", "DEVELOPER"),
            Map.entry("PUT /api/v1/approvals/{id}", "DEVELOPER"),
            Map.entry("DELETE /api/v1/approvals/{id}", "DEVELOPER"),
            // the approval decides who counts: its creator, auditors, operators (ApprovalsIT)
            Map.entry("POST /api/v1/approvals/{id}/submit", "VIEWER"),
            Map.entry("POST /api/v1/approvals/{id}/pass", "VIEWER"),
            Map.entry("POST /api/v1/approvals/{id}/deny", "VIEWER"),
            Map.entry("POST /api/v1/approvals/{id}/run", "VIEWER"),
            Map.entry("POST /api/v1/approvals/{id}/close", "VIEWER"),
            // no mflow token: Feishu's and Slack's own signatures (ApprovalsIT)
            Map.entry("POST /api/v1/approvals/callbacks/feishu", "CHAT_SIGNATURE"),
            Map.entry("POST /api/v1/approvals/callbacks/slack", "CHAT_SIGNATURE"),
            Map.entry("GET /api/v1/notify/endpoints", "ADMIN"),
            Map.entry("POST /api/v1/notify/endpoints/{id}/enable", "ADMIN"),
            Map.entry("GET /api/v1/builds", "VIEWER"),
            Map.entry("GET /api/v1/builds/{id}", "VIEWER"),
            Map.entry("POST /api/v1/builds", "DEVELOPER"),
            Map.entry("PUT /api/v1/builds/{id}", "DEVELOPER"),
            Map.entry("DELETE /api/v1/builds/{id}", "DEVELOPER"),
            Map.entry("GET /api/v1/triggers/records", "VIEWER"),
            Map.entry("GET /api/v1/triggers/records/{id}", "VIEWER"),
            // a provider proves its delivery with a build configuration's secret; no token is read there
            Map.entry("POST /api/v1/triggers/gitlab", "PROVIDER_SECRET"),
            Map.entry("POST /api/v1/triggers/github", "PROVIDER_SECRET"),
            Map.entry("POST /api/v1/triggers/generic", "PROVIDER_SECRET"));

    @Autowired
    ApiTokens apiTokens;

    @TestFactory
    Stream<DynamicTest> everyOperationRefusesCallersWithoutATokenOrWithTooSmallARole() {
        String viewer = userWithToken("op-viewer", "VIEWER");
        String developer = userWithToken("op-developer", "DEVELOPER");
        String jobTaskId = firstTask(planOf(run(definePipeline("op-status")))).getJobTaskId();
        Response docs = get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        List<DynamicTest> tests = new ArrayList<>();
        docs.json().path("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            String method = operation.getKey().toUpperCase();
            String name = method + " " + path.getKey();
            tests.add(dynamicTest(name, () -> {
                assertThat(NEEDS).as("who may call " + name + "? add it to NEEDS").containsKey(name);
                // a runner's report is refused for its credential only where the task exists
                boolean ownCredential = NEEDS.get(name).equals("UPDATE_TOKEN");
                String concrete = path.getKey().replace("{name}", "someone-else")
                        .replaceAll("\\{[^}]+}", ownCredential ? jobTaskId : "x-1");
                String body = ownCredential ? "{\"stage\": \"ACTIVE\"}" : "{}";
                int before = countOfEverything();
                if (NEEDS.get(name).equals("CHAT_SIGNATURE")) {
                    assertUnsigned(call(method, concrete, body, null));
                    assertUnsigned(call(method, concrete, body, ADMIN_TOKEN));
                    assertThat(countOfEverything()).as("nothing changed").isEqualTo(before);
                    return;
                }
                assertUnauthenticated(call(method, concrete, body, null));
                assertUnauthenticated(call(method, concrete, body, "mflow_not-a-token"));
                String tooSmall = switch (NEEDS.get(name)) {
                    case "DEVELOPER" -> viewer;
                    case "ADMIN", "OWNER" -> developer;
                    default -> null;
                };
                if (tooSmall != null) {
                    Response refused = call(method, concrete, body, tooSmall);
                    assertThat(refused.status()).as(name + ": " + refused.body()).isEqualTo(403);
                    assertThat(refused.json().path("status").asInt()).isEqualTo(403);
                }
                assertThat(countOfEverything()).as("nothing changed").isEqualTo(before);
                if (ownCredential) {
                    assertThat(get("/api/v1/job-tasks/" + jobTaskId).json().path("stage").asString()).isEqualTo("PENDING");
                }
            }));
        }));
        assertThat(tests).hasSizeGreaterThanOrEqualTo(NEEDS.size());
        return tests.stream();
    }

    @Test
    void anAdminMakesUsersWhoseRolesDecideWhatTheyMayDo() {
        Response created = post("/api/v1/users", json(Map.of("name", "vera", "email", "vera@example.com",
                "roles", List.of("VIEWER"))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("roles").toString()).isEqualTo("[\"VIEWER\"]");
        assertThat(post("/api/v1/users", json(Map.of("name", "vera", "roles", List.of("VIEWER")))).status())
                .isEqualTo(409);

        Response issued = post("/api/v1/users/vera/tokens", json(Map.of("name", "ci", "expiresInDays", 30)));
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        String vera = issued.json().path("token").asString();
        assertThat(vera).startsWith("mflow_");
        assertThat(issued.json().path("expiresAt").asString()).isNotBlank();

        JsonNode me = call("GET", "/api/v1/me", null, vera).json();
        assertThat(me.path("name").asString()).isEqualTo("vera");
        assertThat(me.path("email").asString()).isEqualTo("vera@example.com");
        assertThat(me.path("roles").toString()).isEqualTo("[\"VIEWER\"]");
        assertThat(call("GET", "/api/v1/jobs", null, vera).status()).isEqualTo(200);
        assertThat(call("POST", "/api/v1/jobs", job("vera-job"), vera).status()).isEqualTo(403);
        assertThat(call("POST", "/api/v1/users", json(Map.of("name", "mallory", "roles", List.of("ADMIN"))), vera)
                .status()).isEqualTo(403);

        Response promoted = call("PATCH", "/api/v1/users/vera", json(Map.of("roles", List.of("DEVELOPER"))), ADMIN_TOKEN);
        assertThat(promoted.status()).as(promoted.body()).isEqualTo(200);
        assertThat(promoted.json().path("email").asString()).isEqualTo("vera@example.com");
        Response defined = call("POST", "/api/v1/jobs", job("vera-job"), vera);
        assertThat(defined.status()).as(defined.body()).isEqualTo(201);

        Response listed = call("GET", "/api/v1/users/vera/tokens", null, vera);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body()).doesNotContain(vera).doesNotContain(ApiToken.hashOf(vera));
        assertThat(listed.json().get(0).path("name").asString()).isEqualTo("ci");
        assertThat(listed.json().get(0).path("lastUsedAt").asString()).isNotBlank();

        call("PATCH", "/api/v1/users/vera", json(Map.of("disabled", true)), ADMIN_TOKEN);
        assertUnauthenticated(call("GET", "/api/v1/me", null, vera));
        call("PATCH", "/api/v1/users/vera", json(Map.of("disabled", false)), ADMIN_TOKEN);
        assertThat(call("GET", "/api/v1/me", null, vera).status()).isEqualTo(200);
    }

    @Test
    void aUserManagesTheirOwnTokensAndARevokedOneIsRefusedAtOnce() {
        String walt = userWithToken("walt", "VIEWER");
        Response own = call("POST", "/api/v1/users/walt/tokens", json(Map.of("name", "laptop")), walt);
        assertThat(own.status()).as(own.body()).isEqualTo(201);
        String second = own.json().path("token").asString();
        assertThat(own.json().path("expiresAt").isNull()).isTrue();
        assertThat(call("POST", "/api/v1/users/admin/tokens", json(Map.of("name", "steal")), walt).status())
                .isEqualTo(403);
        assertThat(call("GET", "/api/v1/users/admin/tokens", null, walt).status()).isEqualTo(403);

        Response revoked = call("DELETE", "/api/v1/users/walt/tokens/" + own.json().path("id").asString(), null, walt);
        assertThat(revoked.status()).isEqualTo(204);
        assertUnauthenticated(call("GET", "/api/v1/me", null, second));
        assertThat(call("GET", "/api/v1/me", null, walt).status()).isEqualTo(200);
        assertThat(call("DELETE", "/api/v1/users/walt/tokens/tok-nope", null, walt).status()).isEqualTo(404);
    }

    @Test
    void whoDefinedAndWhoStartedARunIsShownAndTravelsInItsEvents() {
        String dev = userWithToken("dora", "DEVELOPER");
        Response job = call("POST", "/api/v1/jobs", job("dora-job"), dev);
        assertThat(job.json().path("createdBy").asString()).isEqualTo("dora");
        Response pipeline = call("POST", "/api/v1/pipelines", json(Map.of("name", "dora-ci", "stages", List.of(
                Map.of("name", "build", "tasks", List.of(Map.of("name", "build", "job", "dora-job")))))), dev);
        assertThat(pipeline.status()).as(pipeline.body()).isEqualTo(201);
        assertThat(pipeline.json().path("createdBy").asString()).isEqualTo("dora");
        assertThat(get("/api/v1/jobs/" + job.json().path("id").asString()).json().path("createdBy").asString())
                .isEqualTo("dora");

        Response run = call("POST", "/api/v1/pipelines/" + pipeline.json().path("id").asString() + "/runs", "{}",
                ADMIN_TOKEN);
        String ptId = run.json().path("id").asString();
        assertThat(run.json().path("triggeredBy").asString()).isEqualTo("admin");
        io.mflow.schemas.event.PipelineTaskCreated plan = planOf(ptId);
        assertThat(plan.getTriggeredBy()).isEqualTo("admin");
        String jtId = firstTask(plan).getJobTaskId();
        assertThat(get("/api/v1/job-tasks/" + jtId).json().path("triggeredBy").asString()).isEqualTo("admin");

        String token = SEALED.open(firstTask(plan).getUpdateToken(), SealedPlace.updateToken(firstTask(plan).getJobTaskId(), 1));
        call("POST", "/api/v1/job-tasks/" + jtId + "/status", json(Map.of("stage", "ACTIVE")), token);
        try (TopicReader events = new TopicReader(io.mflow.schemas.Topics.TASK_EVENTS)) {
            assertThat(events.await(rs -> rs.stream().map(TopicReader::decode).anyMatch(v ->
                    v instanceof io.mflow.schemas.event.JobTaskStatusChanged c && c.getJobTaskId().equals(jtId))))
                    .map(TopicReader::decode)
                    .filteredOn(v -> v instanceof io.mflow.schemas.event.JobTaskStatusChanged c
                            && c.getJobTaskId().equals(jtId))
                    .singleElement()
                    .satisfies(v -> assertThat(((io.mflow.schemas.event.JobTaskStatusChanged) v).getTriggeredBy())
                            .isEqualTo("admin"));
        }
    }

    @Test
    void anExpiredTokenIsRefused() {
        userWithToken("old-timer", "VIEWER");
        Instant past = Instant.parse("2020-01-01T00:00:00Z");
        apiTokens.add(new ApiToken("tok-expired", "old-timer", "old", ApiToken.hashOf("mflow_expired-one"), past,
                past.plusSeconds(3600), null));
        assertUnauthenticated(call("GET", "/api/v1/me", null, "mflow_expired-one"));
    }

    @Test
    void badUserRequestsAreRefusedWithAReason() {
        Response unknownRole = post("/api/v1/users", json(Map.of("name", "x", "roles", List.of("ROOT"))));
        assertThat(unknownRole.status()).isEqualTo(400);
        assertThat(unknownRole.json().path("detail").asString()).contains("ROOT", "VIEWER");
        Response noRoles = post("/api/v1/users", json(Map.of("name", "x", "roles", List.of())));
        assertThat(noRoles.status()).isEqualTo(400);
        Response longName = post("/api/v1/users", json(Map.of("name", "n".repeat(129), "roles", List.of("VIEWER"))));
        assertThat(longName.status()).isEqualTo(400);
        assertThat(longName.json().path("detail").asString()).contains("name", "128");
        Response badDays = post("/api/v1/users/admin/tokens", json(Map.of("name", "t", "expiresInDays", 0)));
        assertThat(badDays.status()).isEqualTo(400);
        assertThat(badDays.json().path("detail").asString()).contains("expiresInDays");
    }

    private int countOfEverything() {
        return get("/api/v1/jobs").json().path("total").asInt() + get("/api/v1/pipelines").json().path("total").asInt()
                + get("/api/v1/pipeline-tasks").json().path("total").asInt() + get("/api/v1/users").json().size();
    }

    private static String job(String name) {
        return json(Map.of("name", name, "runnerSpec", "true"));
    }

    /** A chat callback without its platform's signature: even an admin's token does not stand in for it. */
    private static void assertUnsigned(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(401);
        assertThat(response.json().path("status").asInt()).isEqualTo(401);
        assertThat(response.json().path("detail").asString()).isNotBlank();
    }

    private static void assertUnauthenticated(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).as("WWW-Authenticate")
                .hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
        assertThat(response.json()).as(response.body()).isNotNull();
        assertThat(response.json().path("status").asInt()).isEqualTo(401);
        assertThat(response.json().path("detail").asString()).isNotBlank();
    }
}
