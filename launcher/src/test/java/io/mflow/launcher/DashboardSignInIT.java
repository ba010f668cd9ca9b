package io.mflow.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import tools.jackson.databind.JsonNode;

/** A person signs in to the dashboard with a token and starts a run from a pipeline's form. */
@ExtendWith(DashboardEngine.class)
class DashboardSignInIT {

    @Test
    void aPageAskedForWithoutASessionSendsThePersonToSignInAndBackAfterwards() throws Exception {
        MflowClient admin = DashboardEngine.admin();
        String pipeline = pipelineWithOneJob("signed-in", "echo hello");
        HttpResponse<String> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                DashboardEngine.engine().baseUri(Service.TASK).resolve("/pipelines/" + pipeline)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(302);
        assertThat(anonymous.headers().firstValue("Location").orElseThrow()).endsWith("/login");

        try (Browser browser = Browser.open(DashboardEngine.engine().baseUri(Service.TASK))) {
            browser.go("/pipelines/" + pipeline);
            assertThat(browser.path()).isEqualTo("/login");
            browser.find(By.name("token")).sendKeys("mflow_not-a-token");
            browser.find(By.cssSelector("form[action$='/login'] button")).click();
            assertThat(browser.find(By.cssSelector(".problem")).getText()).contains("not accepted");

            browser.find(By.name("token")).sendKeys(admin.token());
            browser.find(By.cssSelector("form[action$='/login'] button")).click();
            browser.waitUntil(d -> browser.path().equals("/pipelines/" + pipeline), Duration.ofSeconds(20));
            assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("signed-in");
            browser.screenshot("sign-in-pipeline");
        }
    }

    @Test
    void aRunStartedFromThePipelinesFormRunsWithTheValueTyped() throws Exception {
        String pipeline = pipelineWithOneJob("from-the-form", "echo greeting $GREETING");
        try (Browser browser = Browser.open(DashboardEngine.engine().baseUri(Service.TASK))) {
            browser.signIn(DashboardEngine.admin().token()).go("/");
            browser.find(By.linkText("from-the-form")).click();
            browser.find(By.id("param-GREETING")).sendKeys("from the dashboard");
            browser.screenshot("run-form");
            browser.find(By.cssSelector("#run-form button[type=submit]")).click();
            browser.waitUntil(d -> browser.path().startsWith("/runs/"), Duration.ofSeconds(20));
            String run = browser.path().substring("/runs/".length());
            JsonNode finished = DashboardEngine.admin().awaitFinished(run, Duration.ofSeconds(120));
            assertThat(finished.get("stage").asString()).isEqualTo("SUCCEEDED");
            JsonNode task = MflowClient.jobTask(finished, "say");
            JsonNode params = DashboardEngine.admin().get("/api/v1/job-tasks/" + task.get("id").asString())
                    .get("params");
            assertThat(params.toString()).contains("from the dashboard");
        }
    }

    @Test
    void aFormPostedWithoutItsCsrfTokenIsRefusedAndStartsNothing() throws Exception {
        String pipeline = pipelineWithOneJob("forged-form", "echo never");
        try (Browser browser = Browser.open(DashboardEngine.engine().baseUri(Service.TASK))) {
            browser.signIn(DashboardEngine.admin().token()).go("/pipelines/" + pipeline);
            // what a form on another site would send: the same fields, without the page's CSRF token
            ((JavascriptExecutor) browser.driver()).executeScript(
                    "document.querySelector('#run-form input[name=_csrf]').remove();");
            browser.find(By.cssSelector("#run-form button[type=submit]")).click();
            browser.waitUntil(d -> browser.find(By.tagName("h1")).getText().equals("Not allowed"),
                    Duration.ofSeconds(20));
            browser.screenshot("csrf-refused");
            assertThat(DashboardEngine.admin().get("/api/v1/pipeline-tasks?pipelineId=" + pipeline)
                    .get("total").asInt()).as("no run started").isZero();
        }
    }

    private static String pipelineWithOneJob(String name, String script) throws Exception {
        MflowClient admin = DashboardEngine.admin();
        String job = admin.post("/api/v1/jobs", Map.of("name", name + "-say", "runnerType", "LOCAL",
                "runnerSpec", script, "params", List.of(Map.of("name", "GREETING", "value", "hello"))), 201)
                .get("name").asString();
        return admin.post("/api/v1/pipelines", Map.of("name", name, "stages", List.of(Map.of("name", "only",
                "parallel", false, "tasks", List.of(Map.of("name", "say", "job", job))))), 201).get("id").asString();
    }
}
