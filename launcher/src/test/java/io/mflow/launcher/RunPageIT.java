package io.mflow.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

/** A run's page as people use it: it follows the run live, and its buttons retry, for those who may use them. */
@ExtendWith(DashboardEngine.class)
class RunPageIT {

    private static final Duration RUN = Duration.ofSeconds(120);

    @Test
    void aTaskChangesStateOnThePageWithoutAReloadAndThePageStopsFollowingWhenTheRunEnds() throws Exception {
        Path gate = Files.createTempDirectory("mflow-run-page");
        Files.setPosixFilePermissions(gate, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path go = gate.resolve("go");
        String pipeline = threeStages("live-board", "while [ ! -f " + go + " ]; do sleep 0.2; done; echo released");
        String run = DashboardEngine.admin().post("/api/v1/pipelines/" + pipeline + "/runs", Map.of(), 201)
                .get("id").asString();
        String waiting = awaitActive(run, "wait");

        try (Browser browser = Browser.open(DashboardEngine.engine().baseUri(Service.TASK))) {
            browser.signIn(DashboardEngine.admin().token()).go("/runs/" + run);
            JavascriptExecutor js = (JavascriptExecutor) browser.driver();
            js.executeScript("window.__marker = 1;");
            browser.waitUntil(d -> stageOf(browser, waiting).equals("ACTIVE"), Duration.ofSeconds(20));
            assertThat(text(browser, "#job-" + waiting + " a")).isEqualTo("wait");
            assertThat(browser.driver().findElements(By.cssSelector(".stage.parallel .job"))).hasSize(2);
            // the README shows this one (docs/images/run-page.png, copied by hand so a test run changes no
            // file under version control): a run mid-way, its parallel stage running
            browser.screenshot("run-page-live");

            Files.writeString(go, "go");

            browser.waitUntil(d -> stageOf(browser, waiting).equals("SUCCEEDED"), RUN);
            browser.waitUntil(d -> String.valueOf(js.executeScript(
                    "return document.querySelector('#board dd .status').textContent.trim();")).equals("SUCCEEDED"),
                    RUN);
            assertThat(js.executeScript("return window.__marker;")).as("the page was not loaded again")
                    .isEqualTo(1L);
            assertThat(browser.path()).isEqualTo("/runs/" + run);
            assertThat(browser.driver().findElements(By.cssSelector(".job .s-SUCCEEDED"))).hasSize(4);
            browser.screenshot("run-page");
        } finally {
            Files.deleteIfExists(go);
            Files.deleteIfExists(gate);
        }
    }

    @Test
    void aFailedTaskRetriedFromThePageWithAChangedParamSucceeds() throws Exception {
        MflowClient admin = DashboardEngine.admin();
        admin.post("/api/v1/jobs", Map.of("name", "retry-me-check", "runnerType", "LOCAL",
                "runnerSpec", "echo outcome $OUTCOME; [ \"$OUTCOME\" = pass ]",
                "params", List.of(Map.of("name", "OUTCOME", "value", "fail"))), 201);
        String pipeline = admin.post("/api/v1/pipelines", Map.of("name", "retry-me", "stages", List.of(
                Map.of("name", "check", "parallel", false, "tasks", List.of(Map.of("name", "check",
                        "job", "retry-me-check"))))), 201).get("id").asString();
        String run = admin.post("/api/v1/pipelines/" + pipeline + "/runs", Map.of(), 201).get("id").asString();
        JsonNode failed = admin.awaitFinished(run, RUN);
        assertThat(failed.get("stage").asString()).isEqualTo("FAILED");
        String task = MflowClient.jobTask(failed, "check").get("id").asString();

        try (Browser browser = Browser.open(DashboardEngine.engine().baseUri(Service.TASK))) {
            browser.signIn(admin.token()).go("/runs/" + run);
            WebElement outcome = browser.find(By.id("retry-" + task + "-OUTCOME"));
            outcome.clear();
            outcome.sendKeys("pass");
            browser.find(By.id("retry-reason-" + task)).sendKeys("the check should pass now");
            browser.screenshot("run-page-retry");
            browser.find(By.cssSelector("#actions-" + task + " form.retry button[type=submit]")).click();

            browser.waitUntil(d -> browser.path().equals("/runs/" + run), Duration.ofSeconds(20));
            browser.waitUntil(d -> stageOf(browser, task).equals("SUCCEEDED"), RUN);
            assertThat(String.valueOf(((JavascriptExecutor) browser.driver()).executeScript(
                    "return document.querySelector('#job-' + arguments[0] + ' .meta').textContent;", task)))
                    .contains("attempt 2");
            browser.screenshot("run-page-retried");
        }
        JsonNode succeeded = admin.awaitFinished(run, RUN);
        assertThat(succeeded.get("stage").asString()).isEqualTo("SUCCEEDED");
        JsonNode params = admin.get("/api/v1/job-tasks/" + task).get("params");
        assertThat(params.toString()).contains("pass");
    }

    @Test
    void aViewerSeesTheRunButNoButtons() throws Exception {
        MflowClient admin = DashboardEngine.admin();
        String pipeline = threeStages("viewer-board", "sleep 30");
        String run = admin.post("/api/v1/pipelines/" + pipeline + "/runs", Map.of(), 201).get("id").asString();
        admin.post("/api/v1/users", Map.of("name", "run-page-viewer", "roles", List.of("VIEWER")), 201);
        String token = admin.post("/api/v1/users/run-page-viewer/tokens", Map.of("name", "browser"), 201)
                .get("token").asString();
        try (Browser browser = Browser.open(DashboardEngine.engine().baseUri(Service.TASK))) {
            browser.signIn(token).go("/runs/" + run);
            assertThat(browser.driver().findElements(By.cssSelector(".stage"))).hasSize(3);
            assertThat(browser.driver().findElements(By.cssSelector("main button"))).isEmpty();
            assertThat(browser.driver().findElements(By.cssSelector("main form"))).isEmpty();
            browser.screenshot("run-page-viewer");
        } finally {
            admin.post("/api/v1/pipeline-tasks/" + run + "/cancel", Map.of(), 202);
        }
    }

    @Test
    void onAPhoneTheStagesStackOneUnderAnother() throws Exception {
        MflowClient admin = DashboardEngine.admin();
        String pipeline = threeStages("phone-board", "echo quick");
        String run = admin.post("/api/v1/pipelines/" + pipeline + "/runs", Map.of(), 201).get("id").asString();
        admin.awaitFinished(run, RUN);
        try (Browser browser = Browser.open(DashboardEngine.engine().baseUri(Service.TASK), new Dimension(390, 844))) {
            // headless Chromium keeps its window at least 500 px wide: the phone's own width is emulated
            ((org.openqa.selenium.chrome.ChromeDriver) browser.driver()).executeCdpCommand(
                    "Emulation.setDeviceMetricsOverride", Map.of("width", 390, "height", 844,
                            "deviceScaleFactor", 1, "mobile", true));
            browser.signIn(admin.token()).go("/runs/" + run);
            List<WebElement> stages = browser.driver().findElements(By.cssSelector(".stage"));
            assertThat(stages).hasSize(3);
            int width = ((Number) ((JavascriptExecutor) browser.driver())
                    .executeScript("return document.documentElement.clientWidth;")).intValue();
            assertThat(width).isLessThanOrEqualTo(390);
            for (int i = 1; i < stages.size(); i++) {
                assertThat(stages.get(i).getLocation().getY()).as("stage " + i + " is under the one before")
                        .isGreaterThan(stages.get(i - 1).getLocation().getY());
                assertThat(stages.get(i).getLocation().getX()).isEqualTo(stages.get(0).getLocation().getX());
            }
            for (WebElement stage : stages) {
                assertThat(stage.getLocation().getX() + stage.getSize().getWidth()).as("fits the phone's width")
                        .isLessThanOrEqualTo(width);
            }
            browser.screenshot("run-page-phone");
        }
    }

    /** Waits until the run's task {@code name} runs; answers its id. */
    private static String awaitActive(String run, String name) throws Exception {
        long deadline = System.nanoTime() + RUN.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode task = MflowClient.jobTask(DashboardEngine.admin().pipelineTask(run), name);
            if (task.get("stage").asString().equals("ACTIVE")) {
                return task.get("id").asString();
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + " of " + run + " did not start in " + RUN);
    }

    /** An element's text, read in one step: the board may be swapped for a newer one at any moment. */
    private static String text(Browser browser, String selector) {
        return String.valueOf(((JavascriptExecutor) browser.driver()).executeScript(
                "var found = document.querySelector(arguments[0]); return found ? found.textContent.trim() : '';",
                selector));
    }

    /** The stage on a job task's box, as its badge says it. */
    private static String stageOf(Browser browser, String jobTaskId) {
        // read in one step: the board may be swapped for a newer one at any moment
        Object text = ((JavascriptExecutor) browser.driver()).executeScript(
                "var badge = document.querySelector('#job-' + arguments[0] + ' > .status');"
                        + " return badge ? badge.textContent.trim() : '';", jobTaskId);
        return String.valueOf(text);
    }

    /** build, then checks (lint and wait side by side), then ship; {@code waitScript} is what "wait" runs. */
    private static String threeStages(String name, String waitScript) throws Exception {
        MflowClient admin = DashboardEngine.admin();
        admin.post("/api/v1/jobs", Map.of("name", name + "-quick", "runnerType", "LOCAL", "runnerSpec",
                "echo done"), 201);
        admin.post("/api/v1/jobs", Map.of("name", name + "-wait", "runnerType", "LOCAL", "runnerSpec", waitScript),
                201);
        return admin.post("/api/v1/pipelines", Map.of("name", name, "stages", List.of(
                Map.of("name", "build", "parallel", false, "tasks", List.of(
                        Map.of("name", "compile", "job", name + "-quick"))),
                Map.of("name", "checks", "parallel", true, "tasks", List.of(
                        Map.of("name", "lint", "job", name + "-quick"),
                        Map.of("name", "wait", "job", name + "-wait"))),
                Map.of("name", "ship", "parallel", false, "tasks", List.of(
                        Map.of("name", "deploy", "job", name + "-quick"))))), 201).get("id").asString();
    }
}
