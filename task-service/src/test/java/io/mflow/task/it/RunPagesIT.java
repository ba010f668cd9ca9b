package io.mflow.task.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A run's page as a person's browser sees it: its board, its live stream, and the buttons that fit the viewer. */
class RunPagesIT extends TaskServiceHarness {

    @Test
    void theRunPageDrawsItsStagesInOrderWithTheirJobTasksAndAViewerSeesNoButtons() {
        String run = run(definePipeline("rp-board"));
        DashboardSession viewer = new DashboardSession(uri("/")).signedIn(userWithToken("rp-viewer", "VIEWER"));

        HttpResponse<String> page = viewer.get("/runs/" + run);

        assertThat(page.statusCode()).isEqualTo(200);
        String body = page.body();
        assertThat(body).contains("rp-board-ci", "sse-connect=\"/runs/" + run + "/events\"", "sse-swap=\"board\"");
        assertThat(body.indexOf(">build<")).isPositive().isLessThan(body.indexOf(">deploy<"));
        assertThat(body).contains(">compile<", ">ship<", "/job-tasks/" + jobTaskIds(run).get(0));
        String main = body.substring(body.indexOf("<main"));
        assertThat(main).doesNotContain("<form", "<button");
        assertThat(viewer.get("/runs/" + run + "/actions").body()).doesNotContain("<form");
    }

    @Test
    void aDeveloperCancelsATaskFromTheRunPageAndGoesBackToIt() {
        String run = run(definePipeline("rp-cancel"));
        String task = jobTaskIds(run).get(0);
        DashboardSession developer = new DashboardSession(uri("/")).signedIn(userWithToken("rp-dev", "DEVELOPER"));
        assertThat(developer.get("/runs/" + run).body()).contains("/job-tasks/" + task + "/cancel", "/runs/" + run
                + "/cancel");

        HttpResponse<String> cancel = developer.submit("/runs/" + run, "/job-tasks/" + task + "/cancel",
                Map.of("back", "/runs/" + run));

        assertThat(cancel.statusCode()).isEqualTo(302);
        assertThat(cancel.headers().firstValue("Location").orElseThrow()).endsWith("/runs/" + run);
        assertThat(get("/api/v1/job-tasks/" + task).json().path("stage").asString()).isEqualTo("CANCELING");
    }

    @Test
    void aTaskThatFailedItsRunIsRetriedFromThePageWithTheParamsTyped() {
        String run = run(definePipeline("rp-retry"));
        io.mflow.schemas.event.TaskPlan compile = firstTask(planOf(run));
        String task = compile.getJobTaskId();
        String token = SEALED.open(compile.getUpdateToken(),
                io.mflow.schemas.sealed.SealedPlace.updateToken(task, 1));
        call("POST", "/api/v1/job-tasks/" + task + "/status", json(Map.of("stage", "FAILED", "message", "exit 1")),
                token);
        produce(io.mflow.schemas.Topics.PIPELINE_TASK_STATUS_REPORTS, run,
                io.mflow.schemas.event.PipelineTaskStatusReported.newBuilder().setReportId("rp-retry-failed")
                        .setPipelineTaskId(run).setStage(io.mflow.schemas.common.Stage.FAILED)
                        .setMessage("compile failed").setReportedAt(java.time.Instant.now()).build());
        long deadline = System.currentTimeMillis() + 20_000;
        while (!get("/api/v1/pipeline-tasks/" + run).json().path("stage").asString().equals("FAILED")) {
            assertThat(System.currentTimeMillis()).as("the run failed").isLessThan(deadline);
            Thread.onSpinWait();
        }
        DashboardSession developer = new DashboardSession(uri("/")).signedIn(userWithToken("rp-dev-retry",
                "DEVELOPER"));

        String page = developer.get("/runs/" + run).body();
        assertThat(page).contains("id=\"retry-" + task + "-GOAL\"", "value=\"package\"",
                "id=\"retry-" + task + "-PASSWORD\"", "type=\"password\"").doesNotContain("hunter2",
                "retry-" + task + "-REGION");
        HttpResponse<String> retry = developer.submit("/runs/" + run, "/job-tasks/" + task + "/retry",
                Map.of("param.GOAL", "again", "param.PASSWORD", "", "reason", "mirror is back",
                        "back", "/runs/" + run));

        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(302);
        assertThat(retry.headers().firstValue("Location").orElseThrow()).endsWith("/runs/" + run);
        var retried = get("/api/v1/job-tasks/" + task).json();
        assertThat(retried.path("attempt").asInt()).isEqualTo(2);
        assertThat(retried.path("params").toString()).contains("again");
    }

    @Test
    void anAuditorTheWaitingGateListsDecidesFromTheRunPageAndNoOneElseSeesTheButtons() {
        String auditor = userWithToken("rp-auditor", "VIEWER");
        String developer = userWithToken("rp-not-auditor", "DEVELOPER");
        assertThat(post("/api/v1/jobs", json(Map.of("name", "rp-gate-deploy", "runnerSpec", "echo deploy"))).status())
                .isEqualTo(201);
        Response pipeline = post("/api/v1/pipelines", json(Map.of("name", "rp-gate-cd", "stages", List.of(
                Map.of("name", "prod", "tasks", List.of(Map.of("name", "deploy", "job", "rp-gate-deploy",
                        "audit", Map.of("auditors", List.of("rp-auditor")))))))));
        assertThat(pipeline.status()).as(pipeline.body()).isEqualTo(201);
        String run = run(pipeline.json().path("id").asString());
        String task = firstTask(planOf(run)).getJobTaskId();
        produce(io.mflow.schemas.Topics.PIPELINE_TASK_STATUS_REPORTS, run,
                new io.mflow.schemas.event.JobTaskTurnCame(task + ":turn", run, task, java.time.Instant.now()));
        long deadline = System.currentTimeMillis() + 20_000;
        while (!get("/api/v1/job-tasks/" + task).json().path("audit").path("stage").asString().equals("WAITING")) {
            assertThat(System.currentTimeMillis()).as("the audit waits").isLessThan(deadline);
            Thread.onSpinWait();
        }
        DashboardSession auditorsPage = new DashboardSession(uri("/")).signedIn(auditor);
        DashboardSession developersPage = new DashboardSession(uri("/")).signedIn(developer);

        assertThat(auditorsPage.get("/runs/" + run).body()).contains("/job-tasks/" + task + "/audit",
                "waiting for 1 of rp-auditor", "value=\"PASS\"", "value=\"DENY\"");
        assertThat(developersPage.get("/runs/" + run).body()).doesNotContain("/job-tasks/" + task + "/audit")
                .contains("/job-tasks/" + task + "/cancel");
        HttpResponse<String> denyWithoutWhy = auditorsPage.submit("/runs/" + run, "/job-tasks/" + task + "/audit",
                Map.of("decision", "DENY", "back", "/runs/" + run));
        assertThat(denyWithoutWhy.statusCode()).isEqualTo(400);
        assertThat(denyWithoutWhy.body()).contains("a DENY needs a comment");
        HttpResponse<String> pass = auditorsPage.submit("/runs/" + run, "/job-tasks/" + task + "/audit",
                Map.of("decision", "PASS", "comment", "ship it", "back", "/runs/" + run));

        assertThat(pass.statusCode()).isEqualTo(302);
        assertThat(pass.headers().firstValue("Location").orElseThrow()).endsWith("/runs/" + run);
        assertThat(get("/api/v1/job-tasks/" + task).json().path("audit").path("stage").asString()).isEqualTo("PASS");
        assertThat(auditorsPage.get("/runs/" + run).body()).contains("passed by rp-auditor")
                .doesNotContain("/job-tasks/" + task + "/audit");
    }

    @Test
    void aFormGoesBackOnlyToAPageOfTheDashboard() {
        String run = run(definePipeline("rp-back"));
        String task = jobTaskIds(run).get(0);
        DashboardSession developer = new DashboardSession(uri("/")).signedIn(userWithToken("rp-dev-back",
                "DEVELOPER"));

        HttpResponse<String> cancel = developer.submit("/runs/" + run, "/job-tasks/" + task + "/cancel",
                Map.of("back", "//evil.example.com/runs/x"));

        assertThat(cancel.statusCode()).isEqualTo(302);
        assertThat(cancel.headers().firstValue("Location").orElseThrow()).doesNotContain("evil")
                .endsWith("/runs/" + run);
    }

    @Test
    void aRefusedActionShowsWhyAndChangesNothing() {
        String run = run(definePipeline("rp-refused"));
        String task = jobTaskIds(run).get(0);
        DashboardSession developer = new DashboardSession(uri("/")).signedIn(userWithToken("rp-dev-refused",
                "DEVELOPER"));

        HttpResponse<String> skip = developer.submit("/runs/" + run, "/job-tasks/" + task + "/skip",
                Map.of("reason", " ", "back", "/runs/" + run));
        HttpResponse<String> retry = developer.submit("/runs/" + run, "/job-tasks/" + task + "/retry",
                Map.of("param.GOAL", "again", "back", "/runs/" + run));

        assertThat(skip.statusCode()).isEqualTo(400);
        assertThat(skip.body()).contains("reason is required");
        assertThat(retry.statusCode()).isEqualTo(409);
        assertThat(get("/api/v1/job-tasks/" + task).json().path("stage").asString()).isEqualTo("PENDING");
        assertThat(get("/api/v1/job-tasks/" + task).json().path("attempt").asInt()).isEqualTo(1);
    }

    @Test
    void theLiveStreamSendsTheBoardAgainWhenTheRunChangesAndEndsWithTheRun() throws Exception {
        String run = run(definePipeline("rp-live"));
        String task = jobTaskIds(run).get(0);
        DashboardSession viewer = new DashboardSession(uri("/")).signedIn(userWithToken("rp-watcher", "VIEWER"));
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        CompletableFuture<HttpResponse<InputStream>> stream = viewer.stream("/runs/" + run + "/events");
        HttpResponse<InputStream> response = stream.get(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        Thread reader = readLines(response.body(), lines);
        try {
            String first = nextBoard(lines, Duration.ofSeconds(10));
            assertThat(first).contains("id=\"board\"", ">compile<", "s-PENDING");

            // changed through the API: the news comes back through the task events, well before the safety poll
            assertThat(post("/api/v1/job-tasks/" + task + "/cancel", "{}").status()).isEqualTo(202);
            String next = nextBoard(lines, Duration.ofSeconds(8));
            assertThat(next).contains("s-CANCELING");

            produce(io.mflow.schemas.Topics.PIPELINE_TASK_STATUS_REPORTS, run,
                    io.mflow.schemas.event.PipelineTaskStatusReported.newBuilder().setReportId("rp-live-end")
                            .setPipelineTaskId(run).setStage(io.mflow.schemas.common.Stage.CANCELED)
                            .setMessage("stopped").setReportedAt(java.time.Instant.now()).build());
            List<String> rest = untilEnd(lines, Duration.ofSeconds(15));
            assertThat(String.join("\n", rest)).contains("event:end", "data:CANCELED");
        } finally {
            reader.interrupt();
            response.body().close();
        }
    }

    /** The run's job task ids, the first stage's task first. */
    private List<String> jobTaskIds(String run) {
        List<String> ids = new ArrayList<>();
        get("/api/v1/job-tasks?pipelineTaskId=" + run + "&size=100").json().path("items").forEach(item -> {
            if (item.path("stageName").asString().equals("build")) {
                ids.add(0, item.path("id").asString());
            } else {
                ids.add(item.path("id").asString());
            }
        });
        assertThat(ids).isNotEmpty();
        return ids;
    }

    private static Thread readLines(InputStream body, LinkedBlockingQueue<String> lines) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (Exception e) {
                // the test closed the stream
            }
        });
        reader.setDaemon(true);
        reader.start();
        return reader;
    }

    /** The data of the next {@code board} event. */
    private static String nextBoard(LinkedBlockingQueue<String> lines, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        boolean board = false;
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line == null) {
                continue;
            }
            if (line.equals("event:board")) {
                board = true;
            } else if (board && line.startsWith("data:")) {
                return line.substring("data:".length());
            }
        }
        throw new AssertionError("no board within " + within);
    }

    private static List<String> untilEnd(LinkedBlockingQueue<String> lines, Duration within)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null) {
                seen.add(line);
                if (line.startsWith("data:") && seen.size() > 1 && seen.get(seen.size() - 2).equals("event:end")) {
                    return seen;
                }
            }
        }
        return seen;
    }
}
