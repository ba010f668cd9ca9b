package io.mflow.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import tools.jackson.databind.JsonNode;

/** A job task's page follows its log live; an auditor approves from /approvals in a session of their own. */
@ExtendWith(DashboardEngine.class)
class JobTaskPageIT {

    /** The bound: a line a running job prints shows on its page within two seconds. */
    private static final Duration ON_THE_PAGE_WITHIN = Duration.ofSeconds(2);

    @Test
    void aLinePrintedByARunningJobShowsOnItsPageWithinTwoSecondsInItsColour() throws Exception {
        MflowClient admin = DashboardEngine.admin();
        Path gate = Files.createTempDirectory("mflow-jt-page");
        Files.setPosixFilePermissions(gate, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path go = gate.resolve("go");
        // waits for the test's file, then prints the marker in red; gives up after two minutes
        String script = "printf '\\033[1;32mready\\033[0m <b>not bold</b>\\n'; i=0; "
                + "while [ ! -f " + go + " ] && [ $i -lt 1200 ]; do sleep 0.1; i=$((i+1)); done; "
                + "printf '\\033[31mmarker-after-the-file\\033[0m\\n'; "
                + "while [ ! -f " + go + ".end ] && [ $i -lt 2400 ]; do sleep 0.1; i=$((i+1)); done";
        String pipeline = pipeline("jt-follow", script, null);
        String run = admin.post("/api/v1/pipelines/" + pipeline + "/runs", Map.of(), 201).get("id").asString();
        String jt = admin.awaitJobTaskIn(run, "ACTIVE", Duration.ofSeconds(60));
        awaitLog(admin, jt, "ready", Duration.ofSeconds(30));

        try (Browser browser = Browser.open(DashboardEngine.engine().baseUri(Service.TASK))) {
            browser.signIn(admin.token()).go("/job-tasks/" + jt);
            browser.waitUntil(d -> browser.find(By.id("log")).getText().contains("ready"), Duration.ofSeconds(10));
            assertThat(browser.find(By.cssSelector("#log .a-fg-2.a-bold")).getText()).isEqualTo("ready");
            assertThat(browser.find(By.id("log")).getText()).contains("<b>not bold</b>");
            assertThat(browser.driver().findElements(By.cssSelector("#log b"))).isEmpty();

            Instant created = Instant.now();
            Files.createFile(go);
            awaitLog(admin, jt, "marker-after-the-file", Duration.ofSeconds(30));
            Instant stored = Instant.now();
            browser.waitUntil(d -> browser.find(By.id("log")).getText().contains("marker-after-the-file"),
                    ON_THE_PAGE_WITHIN);
            Instant shown = Instant.now();
            System.out.printf("[JobTaskPageIT] a printed line: kept by task-service %d ms after the file, on the page"
                    + " %d ms after it was kept (%d ms in all)%n", Duration.between(created, stored).toMillis(),
                    Duration.between(stored, shown).toMillis(), Duration.between(created, shown).toMillis());
            assertThat(browser.find(By.cssSelector("#log .a-fg-1")).getText()).isEqualTo("marker-after-the-file");
            assertThat(browser.driver().findElements(By.cssSelector("#log .l"))).hasSize(2);
            showLog(browser);
            browser.screenshot("job-task-log-following");

            Files.createFile(Path.of(go + ".end"));
            browser.waitUntil(d -> browser.find(By.cssSelector("[sse-swap=end]")).getText().equals("SUCCEEDED"),
                    Duration.ofSeconds(60));
            assertThat(browser.driver().findElements(By.cssSelector("#log .l"))).as("no line twice").hasSize(2);
            browser.go("/job-tasks/" + jt);
            assertThat(browser.find(By.cssSelector("h1 .status")).getText()).isEqualTo("SUCCEEDED");
            assertThat(browser.find(By.cssSelector("a[href*='/log.txt']")).getAttribute("href"))
                    .endsWith("/job-tasks/" + jt + "/log.txt?attempt=1");
            showLog(browser);
            browser.screenshot("job-task-ended");
        }
    }

    @Test
    void anAuditorApprovesFromTheirApprovalsPageInTheirOwnSessionAndTheRunGoesOn() throws Exception {
        MflowClient admin = DashboardEngine.admin();
        admin.post("/api/v1/users", Map.of("name", "vera-jt", "roles", List.of("VIEWER")), 201);
        String vera = admin.post("/api/v1/users/vera-jt/tokens", Map.of("name", "browser"), 201).get("token")
                .asString();
        String pipeline = pipeline("jt-audited", "echo deployed", Map.of("auditors", List.of("vera-jt")));
        String run = admin.post("/api/v1/pipelines/" + pipeline + "/runs", Map.of(), 201).get("id").asString();
        String jt = MflowClient.jobTask(admin.pipelineTask(run), "only").get("id").asString();
        awaitAudit(admin, jt, "WAITING");

        try (Browser browser = Browser.open(DashboardEngine.engine().baseUri(Service.TASK))) {
            browser.signIn(vera).go("/approvals");
            browser.find(By.cssSelector("#audit-" + jt + " textarea[name=comment]")).sendKeys("ship it");
            assertThat(browser.find(By.cssSelector("#audit-" + jt)).findElement(By.xpath("..")).getText())
                    .contains("jt-audited", "SECRET", "******").doesNotContain("s3cret-jt");
            browser.screenshot("approvals-waiting");
            browser.find(By.cssSelector("#audit-" + jt + " button[value=PASS]")).click();
            browser.waitUntil(d -> browser.path().equals("/approvals")
                    && browser.find(By.id("main")).getText().contains("Nothing waits"), Duration.ofSeconds(20));
            browser.screenshot("approvals-decided");
        }
        JsonNode finished = admin.awaitFinished(run, Duration.ofSeconds(120));
        assertThat(finished.get("stage").asString()).isEqualTo("SUCCEEDED");
        JsonNode decision = admin.get("/api/v1/job-tasks/" + jt).get("audit").get("decisions").get(0);
        assertThat(decision.get("by").asString()).isEqualTo("vera-jt");
        assertThat(decision.get("comment").asString()).isEqualTo("ship it");
    }

    private static String pipeline(String name, String script, Map<String, Object> audit) throws Exception {
        MflowClient admin = DashboardEngine.admin();
        Map<String, Object> job = new java.util.HashMap<>(Map.of("name", name + "-job", "runnerType", "LOCAL",
                "runnerSpec", script, "params", List.of(Map.of("name", "SECRET", "value", "s3cret-jt",
                        "sensitive", true))));
        if (audit != null) {
            job.put("audit", audit);
        }
        admin.post("/api/v1/jobs", job, 201);
        return admin.post("/api/v1/pipelines", Map.of("name", name, "stages", List.of(Map.of("name", "only",
                "parallel", false, "tasks", List.of(Map.of("name", "only", "job", name + "-job"))))), 201)
                .get("id").asString();
    }

    /** Scrolls the page to its log, for the screenshot. */
    private static void showLog(Browser browser) {
        ((JavascriptExecutor) browser.driver()).executeScript("arguments[0].scrollIntoView({block: 'center'})",
                browser.find(By.id("log-title")));
    }

    private static void awaitLog(MflowClient admin, String jt, String text, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (!admin.getRaw("/api/v1/job-tasks/" + jt + "/log").contains(text)) {
            assertThat(Instant.now()).as("the log of " + jt + " kept '" + text + "'").isBefore(deadline);
            Thread.sleep(20);
        }
    }

    private static void awaitAudit(MflowClient admin, String jt, String stage) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (!admin.get("/api/v1/job-tasks/" + jt).path("audit").path("stage").asString().equals(stage)) {
            assertThat(Instant.now()).as("the audit of " + jt + " is " + stage).isBefore(deadline);
            Thread.sleep(100);
        }
    }
}
