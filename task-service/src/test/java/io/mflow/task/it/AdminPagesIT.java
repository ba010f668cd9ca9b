package io.mflow.task.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The dashboard's agents, users, tokens and notification endpoints, used in a browser session as people would, and
 * the API's read-through to runner- and notify-service. The two services are a stand-in on a port of their own
 * that answers as they do ({@link StandInNeighbours}); what the tests check is what task-service sends them (the
 * caller's own token) and what it makes of their answers.
 */
class AdminPagesIT extends TaskServiceHarness {

    private static final StandInNeighbours NEIGHBOURS = StandInNeighbours.start();
    private static final Pattern ISSUED = Pattern.compile("id=\"issued-token\"[^>]*value=\"(mflow_[^\"]+)\"");

    @DynamicPropertySource
    static void neighbours(DynamicPropertyRegistry registry) {
        registry.add("mflow.services.runner-url", NEIGHBOURS::uri);
        registry.add("mflow.services.notify-url", NEIGHBOURS::uri);
        registry.add("mflow.services.timeout", () -> "2s");
    }

    @AfterEach
    void neighboursAnswerAgain() {
        NEIGHBOURS.failing = false;
        NEIGHBOURS.refused.clear();
    }

    private DashboardSession signedIn(String token) {
        DashboardSession browser = new DashboardSession(uri("/"));
        browser.signedIn(token);
        return browser;
    }

    @Test
    void theAgentsPageShowsRunnerServicesAgentsAskedForWithTheViewersOwnToken() {
        String viewer = userWithToken("agent-watcher", "VIEWER");
        DashboardSession browser = signedIn(viewer);

        HttpResponse<String> page = browser.get("/agents");

        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("builder-1", "old-box", "linux", "gpu", "s-ALIVE", "s-SILENT",
                "href=\"/job-tasks/jt-running-1\"", "RUNNING", "1 of 2", "2026-12-07 04:00:00 UTC",
                "untagged jobs too");
        assertThat(page.body().indexOf("builder-1")).as("the living first").isLessThan(page.body().indexOf("old-box"));
        assertThat(NEIGHBOURS.requestsTo("/api/v1/agents")).last()
                .satisfies(r -> assertThat(r.authorization()).isEqualTo("Bearer " + viewer));
        assertThat(page.body()).doesNotContain(viewer);
    }

    @Test
    void theApiReadsAgentsAndEndpointsThroughWithTheCallersToken() {
        String viewer = userWithToken("api-reader", "VIEWER");
        NEIGHBOURS.disabled.add("ep-hook");

        Response agents = call("GET", "/api/v1/agents", null, viewer);
        assertThat(agents.status()).as(agents.body()).isEqualTo(200);
        assertThat(agents.json().get(0).path("name").asString()).isEqualTo("builder-1");
        assertThat(agents.json().get(0).path("running").get(0).path("jobTaskId").asString()).isEqualTo("jt-running-1");
        assertThat(agents.json().get(1).path("alive").asBoolean()).isFalse();
        assertThat(NEIGHBOURS.requestsTo("/api/v1/agents")).last()
                .satisfies(r -> assertThat(r.authorization()).isEqualTo("Bearer " + viewer));

        Response endpoints = get("/api/v1/notify/endpoints");
        assertThat(endpoints.status()).as(endpoints.body()).isEqualTo(200);
        assertThat(endpoints.json().get(0).path("disabled").asBoolean()).isTrue();
        assertThat(endpoints.json().get(0).path("failuresInARow").asInt()).isEqualTo(20);
        Response enabled = post("/api/v1/notify/endpoints/ep-hook/enable", null);
        assertThat(enabled.status()).as(enabled.body()).isEqualTo(200);
        assertThat(enabled.json().path("disabled").asBoolean()).isFalse();
        assertThat(NEIGHBOURS.requestsTo("/api/v1/notify/endpoints/ep-hook/enable")).singleElement()
                .satisfies(r -> assertThat(r.authorization()).isEqualTo("Bearer " + ADMIN_TOKEN));
        Response unknown = post("/api/v1/notify/endpoints/nope/enable", null);
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(404);
        assertThat(unknown.json().path("detail").asString()).contains("no endpoint with id nope");
    }

    @Test
    void aNeighboursRefusalPassesThroughAndOneThatFailsIsA503Problem() {
        String viewer = userWithToken("refused-reader", "VIEWER");
        NEIGHBOURS.refused.add(viewer);
        Response refused = call("GET", "/api/v1/agents", null, viewer);
        assertThat(refused.status()).as(refused.body()).isEqualTo(403);
        assertThat(refused.json().path("detail").asString()).contains("runner-service",
                "the neighbour's own rules refuse this caller");
        DashboardSession browser = signedIn(viewer);
        assertThat(browser.get("/agents").statusCode()).isEqualTo(403);

        NEIGHBOURS.failing = true;
        Response away = get("/api/v1/agents");
        assertThat(away.status()).as(away.body()).isEqualTo(503);
        assertThat(away.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        assertThat(away.json().path("status").asInt()).isEqualTo(503);
        assertThat(away.json().path("detail").asString()).contains("runner-service").doesNotContain("Exception");
        assertThat(away.headers().firstValue("Retry-After")).isPresent();
        DashboardSession admin = signedIn(ADMIN_TOKEN);
        HttpResponse<String> page = admin.get("/admin/notify-endpoints");
        assertThat(page.statusCode()).isEqualTo(503);
        assertThat(page.body()).contains("notify-service", "try again").doesNotContain("Exception");
    }

    @Test
    void anAdminEnablesADisabledEndpointFromItsPage() {
        NEIGHBOURS.disabled.add("ep-mail");
        DashboardSession admin = signedIn(ADMIN_TOKEN);

        HttpResponse<String> page = admin.get("/admin/notify-endpoints");
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("ops@example.com", "https://hooks.example.com/…", "s-DISABLED",
                "20 deliveries failed in a row", "action=\"/admin/notify-endpoints/ep-mail/enable\"")
                .doesNotContain("action=\"/admin/notify-endpoints/ep-hook/enable\"");

        HttpResponse<String> enabled = admin.post("/admin/notify-endpoints/ep-mail/enable");
        assertThat(enabled.statusCode()).as(enabled.body()).isEqualTo(302);
        assertThat(DashboardSession.locationOf(enabled)).endsWith("/admin/notify-endpoints?enabled");
        assertThat(NEIGHBOURS.requestsTo("/api/v1/notify/endpoints/ep-mail/enable")).singleElement()
                .satisfies(r -> assertThat(r.authorization()).isEqualTo("Bearer " + ADMIN_TOKEN));
        assertThat(admin.get("/admin/notify-endpoints?enabled").body()).contains("Enabled")
                .doesNotContain("s-DISABLED");
    }

    @Test
    void theAdminPagesAreRefusedToADeveloperWhoSeesNoWayToThem() {
        String developer = userWithToken("not-an-admin", "DEVELOPER");
        DashboardSession browser = signedIn(developer);

        HttpResponse<String> home = browser.get("/tokens");
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).doesNotContain("href=\"/admin/users\"", "href=\"/admin/notify-endpoints\"")
                .contains("href=\"/agents\"");
        assertThat(browser.get("/admin/users").statusCode()).isEqualTo(403);
        assertThat(browser.get("/admin/users/admin").statusCode()).isEqualTo(403);
        assertThat(browser.get("/admin/notify-endpoints").statusCode()).isEqualTo(403);
        int enables = NEIGHBOURS.requests.size();
        assertThat(browser.post("/admin/notify-endpoints/ep-hook/enable").statusCode()).isEqualTo(403);
        assertThat(browser.post("/admin/users", "name", "mallory-by-page", "roles", "ADMIN").statusCode())
                .isEqualTo(403);
        assertThat(browser.post("/admin/users/not-an-admin", "roles", "ADMIN").statusCode()).isEqualTo(403);
        assertThat(NEIGHBOURS.requests).hasSize(enables);
        assertThat(get("/api/v1/users/mallory-by-page").status()).isEqualTo(404);
        assertThat(get("/api/v1/users/not-an-admin").json().path("roles").toString()).isEqualTo("[\"DEVELOPER\"]");
    }

    @Test
    void aTokenMadeOnTheTokensPageIsShownOnceWorksOnTheApiAndIsRevokedFromThePage() {
        userWithToken("tina", "VIEWER");
        String tina = post("/api/v1/users/tina/tokens", json(Map.of("name", "sign-in"))).json().path("token").asString();
        DashboardSession browser = signedIn(tina);
        assertThat(browser.get("/tokens").body()).contains("sign-in").doesNotContain(tina);

        HttpResponse<String> made = browser.post("/tokens", "name", "laptop", "expiresInDays", "30");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(200);
        Matcher issued = ISSUED.matcher(made.body());
        assertThat(issued.find()).as(made.body()).isTrue();
        String laptop = issued.group(1);
        assertThat(made.body()).doesNotContain(tina);
        assertThat(made.headers().firstValue("Cache-Control").orElse(null)).as("kept by no cache").contains("no-store");

        Response me = call("GET", "/api/v1/me", null, laptop);
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().path("name").asString()).isEqualTo("tina");
        HttpResponse<String> listed = browser.get("/tokens");
        assertThat(listed.body()).contains("laptop", "sign-in", "test").doesNotContain(laptop).doesNotContain(tina)
                .doesNotContain("issued-token");
        String laptopId = call("GET", "/api/v1/users/tina/tokens", null, tina).json().valueStream()
                .filter(t -> t.path("name").asString().equals("laptop")).findFirst().orElseThrow()
                .path("id").asString();
        assertThat(listed.body()).contains("action=\"/tokens/" + laptopId + "/revoke\"");

        HttpResponse<String> revoked = browser.post("/tokens/" + laptopId + "/revoke");
        assertThat(revoked.statusCode()).isEqualTo(302);
        assertThat(DashboardSession.locationOf(revoked)).endsWith("/tokens?revoked");
        assertThat(call("GET", "/api/v1/me", null, laptop).status()).isEqualTo(401);
        assertThat(browser.get("/tokens").statusCode()).as("the session's own token still works").isEqualTo(200);

        String adminsTokenId = get("/api/v1/users/admin/tokens").json().get(0).path("id").asString();
        assertThat(browser.post("/tokens/" + adminsTokenId + "/revoke").statusCode())
                .as("only one's own tokens").isEqualTo(404);
        assertThat(get("/api/v1/me").status()).isEqualTo(200);
        HttpResponse<String> bad = browser.post("/tokens", "name", "", "expiresInDays", "0");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("class=\"problem\"");
    }

    @Test
    void anAdminCreatesAUserChangesTheirRolesAndRevokesTheirTokensWithoutSeeingThem() {
        DashboardSession admin = signedIn(ADMIN_TOKEN);
        HttpResponse<String> list = admin.get("/admin/users");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("href=\"/admin/users/admin\"", "ADMIN");

        HttpResponse<String> created = admin.post("/admin/users", "name", "uma", "email", "uma@example.com",
                "roles", "VIEWER");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(302);
        assertThat(DashboardSession.locationOf(created)).endsWith("/admin/users/uma");
        assertThat(get("/api/v1/users/uma").json().path("roles").toString()).isEqualTo("[\"VIEWER\"]");
        HttpResponse<String> taken = admin.post("/admin/users", "name", "uma", "roles", "VIEWER");
        assertThat(taken.statusCode()).isEqualTo(409);
        assertThat(taken.body()).contains("exists already");

        String uma = post("/api/v1/users/uma/tokens", json(Map.of("name", "uma-ci"))).json().path("token").asString();
        HttpResponse<String> user = admin.get("/admin/users/uma");
        assertThat(user.statusCode()).isEqualTo(200);
        assertThat(user.body()).contains("uma@example.com", "uma-ci").doesNotContain(uma);

        HttpResponse<String> changed = admin.post("/admin/users/uma", "roles", "VIEWER", "roles", "DEVELOPER");
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(302);
        assertThat(get("/api/v1/users/uma").json().path("roles").toString()).isEqualTo("[\"DEVELOPER\",\"VIEWER\"]");
        assertThat(call("POST", "/api/v1/jobs", json(Map.of("name", "uma-job", "runnerSpec", "true")), uma).status())
                .isEqualTo(201);
        assertThat(admin.post("/admin/users/uma").statusCode()).as("no role is refused").isEqualTo(400);

        String umaTokenId = get("/api/v1/users/uma/tokens").json().get(0).path("id").asString();
        admin.get("/admin/users/uma");
        HttpResponse<String> revoked = admin.post("/admin/users/uma/tokens/" + umaTokenId + "/revoke");
        assertThat(revoked.statusCode()).isEqualTo(302);
        assertThat(call("GET", "/api/v1/me", null, uma).status()).isEqualTo(401);
    }

    @Test
    void aFormPostedWithAForgedCsrfFieldChangesNothing() {
        DashboardSession admin = signedIn(ADMIN_TOKEN);
        admin.get("/admin/users");

        HttpResponse<String> forged = admin.postWithCsrf("forged", "/admin/users", "name", "csrf-victim", "roles", "ADMIN");

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(get("/api/v1/users/csrf-victim").status()).isEqualTo(404);
    }
}
