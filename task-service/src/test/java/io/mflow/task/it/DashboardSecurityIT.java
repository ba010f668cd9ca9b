package io.mflow.task.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The dashboard's pages as a hostile visitor tries them: without a session, with too small a role, with a form
 * from another site (no CSRF field), with the session's cookie on the API, with a token revoked meanwhile.
 */
class DashboardSecurityIT extends TaskServiceHarness {

    /**
     * The least a person needs for each page and form. A page missing here fails the test, so a new page cannot be
     * added without saying who may see it. ANYONE: no session needed; SIGNED_IN: any signed-in person.
     */
    private static final Map<String, String> NEEDS = Map.ofEntries(
            Map.entry("GET /login", "ANYONE"),
            Map.entry("POST /login", "ANYONE"),
            Map.entry("GET /", "VIEWER"),
            Map.entry("GET /pipelines/{id}", "VIEWER"),
            Map.entry("POST /pipelines/{id}/runs", "DEVELOPER"),
            Map.entry("GET /runs/{id}", "VIEWER"),
            Map.entry("GET /runs/{id}/actions", "VIEWER"),
            Map.entry("GET /runs/{id}/events", "VIEWER"),
            Map.entry("POST /runs/{id}/cancel", "DEVELOPER"),
            Map.entry("POST /job-tasks/{id}/retry", "DEVELOPER"),
            Map.entry("POST /job-tasks/{id}/skip", "DEVELOPER"),
            Map.entry("POST /job-tasks/{id}/cancel", "DEVELOPER"),
            // the gate says who decides there, whatever their role
            Map.entry("POST /job-tasks/{id}/audit", "VIEWER"),
            Map.entry("POST /job-tasks/{id}/confirm", "VIEWER"),
            Map.entry("GET /agents", "VIEWER"),
            Map.entry("GET /tokens", "SIGNED_IN"),
            Map.entry("POST /tokens", "SIGNED_IN"),
            Map.entry("POST /tokens/{id}/revoke", "SIGNED_IN"),
            Map.entry("GET /admin/users", "ADMIN"),
            Map.entry("POST /admin/users", "ADMIN"),
            Map.entry("GET /admin/users/{name}", "ADMIN"),
            Map.entry("POST /admin/users/{name}", "ADMIN"),
            Map.entry("POST /admin/users/{name}/tokens/{id}/revoke", "ADMIN"),
            Map.entry("GET /admin/notify-endpoints", "ADMIN"),
            Map.entry("POST /admin/notify-endpoints/{id}/enable", "ADMIN"),
            Map.entry("GET /job-tasks/{id}", "VIEWER"),
            Map.entry("GET /job-tasks/{id}/log.txt", "VIEWER"),
            Map.entry("GET /job-tasks/{id}/log/stream", "VIEWER"),
            Map.entry("GET /approvals", "VIEWER"));

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @TestFactory
    Stream<DynamicTest> everyPageSendsAVisitorWithoutASessionToSignInAndRefusesTooSmallARole() {
        String viewer = userWithToken("ui-viewer", "VIEWER");
        String developer = userWithToken("ui-developer", "DEVELOPER");
        String pipeline = definePipeline("ui-roles");
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> mapping : mappings.getHandlerMethods().entrySet()) {
            if (!mapping.getValue().getBeanType().getPackageName().endsWith(".adapter.web")) {
                continue;
            }
            for (var method : mapping.getKey().getMethodsCondition().getMethods()) {
                for (String path : mapping.getKey().getPatternValues()) {
                    String name = method + " " + path;
                    tests.add(dynamicTest(name, () -> {
                        assertThat(NEEDS).as("who may use " + name + "? add it to NEEDS").containsKey(name);
                        String needs = NEEDS.get(name);
                        if (needs.equals("ANYONE")) {
                            return;
                        }
                        String concrete = path.replace("{id}", pipeline).replaceAll("\\{[^}]+}", "x-1");
                        int before = countOfEverything();
                        HttpResponse<String> anonymous = call(new DashboardSession(uri("/")), method.name(), concrete);
                        assertThat(anonymous.statusCode()).as(name + " without a session").isEqualTo(302);
                        assertThat(anonymous.headers().firstValue("Location").orElseThrow()).endsWith("/login");
                        String tooSmall = switch (needs) {
                            case "DEVELOPER" -> viewer;
                            case "ADMIN" -> developer;
                            default -> null;
                        };
                        if (tooSmall != null) {
                            HttpResponse<String> refused = call(new DashboardSession(uri("/")).signedIn(tooSmall),
                                    method.name(), concrete);
                            assertThat(refused.statusCode()).as(name + " with too small a role").isEqualTo(403);
                        }
                        assertThat(countOfEverything()).as("nothing changed").isEqualTo(before);
                    }));
                }
            }
        }
        assertThat(tests).hasSizeGreaterThanOrEqualTo(NEEDS.size());
        return tests.stream();
    }

    /** A GET as a browser asks for a page; a POST as a page of ours posts its form, CSRF field and all. */
    private static HttpResponse<String> call(DashboardSession session, String method, String path) {
        return method.equals("GET") ? session.get(path) : session.submit("/login", path, Map.of());
    }

    @Test
    void aSignedInPersonSeesThePipelinesAndTheirName() {
        String pipeline = definePipeline("ui-list");
        DashboardSession session = new DashboardSession(uri("/")).signedIn(userWithToken("ui-lister", "VIEWER"));
        HttpResponse<String> page = session.get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("ui-list-ci", "/pipelines/" + pipeline, "ui-lister");
    }

    @Test
    void aWrongTokenStartsNoSession() {
        DashboardSession session = new DashboardSession(uri("/"));
        HttpResponse<String> refused = session.signIn("mflow_not-a-token");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("not accepted").doesNotContain("mflow_not-a-token");
        assertThat(session.get("/").statusCode()).isEqualTo(302);
    }

    @Test
    void theSessionCookieIsHttpOnlySameSiteAndANewOneAtSignIn() {
        DashboardSession session = new DashboardSession(uri("/"));
        String before = session.get("/login").headers().allValues("Set-Cookie").toString();
        HttpResponse<String> signedIn = session.signIn(userWithToken("ui-cookie", "VIEWER"));
        List<String> cookies = signedIn.headers().allValues("Set-Cookie");
        assertThat(cookies).anySatisfy(cookie -> assertThat(cookie)
                .startsWith("MFLOW_SESSION=").contains("HttpOnly").contains("SameSite=Lax"));
        assertThat(cookies.toString()).as("a session id planted before sign-in is not kept").isNotEqualTo(before);
        assertThat(signedIn.body()).isEmpty();
    }

    @Test
    void aFormPostedWithoutItsCsrfFieldIsRefusedAndStartsNothing() {
        String pipeline = definePipeline("ui-csrf");
        DashboardSession session = new DashboardSession(uri("/")).signedIn(userWithToken("ui-csrf-dev", "DEVELOPER"));
        int runs = get("/api/v1/pipeline-tasks?pipelineId=" + pipeline).json().path("total").asInt();
        HttpResponse<String> forged = session.post("/pipelines/" + pipeline + "/runs", Map.of("dryRun", "true"));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).as("a page saying why").contains("Not allowed", "no valid security token");
        HttpResponse<String> wrongToken = session.post("/pipelines/" + pipeline + "/runs",
                Map.of("dryRun", "true", "_csrf", "guessed"));
        assertThat(wrongToken.statusCode()).isEqualTo(403);
        assertThat(get("/api/v1/pipeline-tasks?pipelineId=" + pipeline).json().path("total").asInt())
                .isEqualTo(runs);

        HttpResponse<String> real = session.submit("/pipelines/" + pipeline, "/pipelines/" + pipeline + "/runs",
                Map.of("dryRun", "true"));
        assertThat(real.statusCode()).isEqualTo(302);
        assertThat(real.headers().firstValue("Location").orElseThrow()).contains("/runs/pt-");
    }

    @Test
    void aJobTaskActionPostedWithoutItsCsrfFieldIsRefusedAndChangesNothing() {
        String run = run(definePipeline("ui-csrf-task"));
        String task = get("/api/v1/job-tasks?pipelineTaskId=" + run).json().path("items").get(0).path("id").asString();
        DashboardSession session = new DashboardSession(uri("/")).signedIn(userWithToken("ui-csrf-task-dev",
                "DEVELOPER"));

        HttpResponse<String> forged = session.post("/job-tasks/" + task + "/cancel", Map.of("back", "/runs/" + run));

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(get("/api/v1/job-tasks/" + task).json().path("stage").asString()).isEqualTo("PENDING");
        HttpResponse<String> real = session.submit("/runs/" + run, "/job-tasks/" + task + "/cancel",
                Map.of("back", "/runs/" + run));
        assertThat(real.statusCode()).isEqualTo(302);
        assertThat(get("/api/v1/job-tasks/" + task).json().path("stage").asString()).isEqualTo("CANCELING");
    }

    @Test
    void theSessionsCookieIsNoKeyToTheApi() {
        DashboardSession session = new DashboardSession(uri("/")).signedIn(ADMIN_TOKEN);
        assertThat(session.get("/").statusCode()).isEqualTo(200);
        assertThat(session.api("GET", "/api/v1/me").statusCode()).isEqualTo(401);
        assertThat(session.api("POST", "/api/v1/users").statusCode()).isEqualTo(401);
    }

    @Test
    void aTokenRevokedMeanwhileEndsTheSessionAtTheNextClick() {
        String token = userWithToken("ui-revoked", "VIEWER");
        DashboardSession session = new DashboardSession(uri("/")).signedIn(token);
        assertThat(session.get("/").statusCode()).isEqualTo(200);
        String id = get("/api/v1/users/ui-revoked/tokens").json().get(0).path("id").asString();
        assertThat(call("DELETE", "/api/v1/users/ui-revoked/tokens/" + id, null, ADMIN_TOKEN).status()).isEqualTo(204);
        HttpResponse<String> after = session.get("/");
        assertThat(after.statusCode()).isEqualTo(302);
        assertThat(after.headers().firstValue("Location").orElseThrow()).endsWith("/login");
    }

    @Test
    void signingOutEndsTheSession() {
        DashboardSession session = new DashboardSession(uri("/")).signedIn(userWithToken("ui-leaver", "VIEWER"));
        HttpResponse<String> out = session.submit("/", "/logout", Map.of());
        assertThat(out.statusCode()).isEqualTo(302);
        assertThat(out.headers().firstValue("Location").orElseThrow()).endsWith("/login?signedOut");
        assertThat(session.get("/").statusCode()).isEqualTo(302);
    }

    @Test
    void signInGoesBackToThePageAskedFor() {
        String pipeline = definePipeline("ui-back");
        DashboardSession session = new DashboardSession(uri("/"));
        assertThat(session.get("/pipelines/" + pipeline).statusCode()).isEqualTo(302);
        HttpResponse<String> signedIn = session.signIn(ADMIN_TOKEN);
        assertThat(signedIn.headers().firstValue("Location").orElseThrow()).endsWith("/pipelines/" + pipeline);
    }

    private int countOfEverything() {
        return get("/api/v1/jobs").json().path("total").asInt() + get("/api/v1/pipelines").json().path("total").asInt()
                + get("/api/v1/pipeline-tasks").json().path("total").asInt() + get("/api/v1/users").json().size();
    }
}
