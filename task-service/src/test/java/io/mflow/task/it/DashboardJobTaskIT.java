package io.mflow.task.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.schemas.Topics;
import io.mflow.schemas.common.DeliveryState;
import io.mflow.schemas.common.NoticeSubject;
import io.mflow.schemas.common.Stage;
import io.mflow.schemas.event.JobTaskTurnCame;
import io.mflow.schemas.event.NotificationDelivered;
import io.mflow.schemas.event.TaskPlan;
import io.mflow.schemas.event.JobLogChunk;
import io.mflow.schemas.event.JobTaskStatusReported;
import io.mflow.schemas.sealed.SealedPlace;
import io.mflow.schemas.sealed.SealedValues;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The job task page and the approvals page as a signed-in browser sees them. */
class DashboardJobTaskIT extends TaskServiceHarness {

    private static final String E = "\u001b";

    @Test
    void theJobTaskPageShowsItsParamsMaskedItsDeliveriesAndItsLogColouredAndEscaped() {
        String ptId = run(definePipeline("ui-jt"));
        TaskPlan compile = firstTask(planOf(ptId));
        String jt = compile.getJobTaskId();
        chunk(ptId, jt, 0, "building\n" + E + "[1;31mred alert" + E + "[0m\n<script>alert(1)</script>\n", false);
        produce(Topics.NOTIFY_EVENTS, ptId, NotificationDelivered.newBuilder().setEventId(jt + ":1#webhook-0:FAILED")
                .setDeliveryId(jt + ":1#webhook-0").setNoticeEventId(jt + ":1").setSubject(NoticeSubject.JOB_TASK)
                .setJobTaskId(jt).setPipelineTaskId(ptId).setEvent("FAILED").setChannel("GENERIC")
                .setTarget("https://hooks.example.com/ui-jt").setEndpointId("ep-1").setState(DeliveryState.FAILED)
                .setAttempts(3).setHttpStatus(503).setDurationMillis(40).setError("the hook answered 503")
                .setOccurredAt(Instant.now()).build());
        await(() -> get("/api/v1/job-tasks/" + jt + "/log").body().contains("<script>")
                && get("/api/v1/job-tasks/" + jt).json().path("deliveries").size() == 1);

        DashboardSession session = new DashboardSession(uri("/")).signedIn(userWithToken("ui-jt-viewer", "VIEWER"));
        HttpResponse<String> page = session.get("/job-tasks/" + jt);

        assertThat(page.statusCode()).isEqualTo(200);
        String html = page.body();
        assertThat(html).contains("ui-jt-compile", "/runs/" + ptId, "PASSWORD", "******", "package")
                .doesNotContain("hunter2-ui-jt").doesNotContain(SealedValues.PREFIX);
        assertThat(html).contains("hooks.example.com/ui-jt", "HTTP 503", "the hook answered 503");
        assertThat(html).contains("<span class=\"l\"><span class=\"n\">2</span><span class=\"a-fg-1 a-bold\">red alert"
                + "</span></span>", "&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>alert");
        assertThat(html).as("it runs: the page follows its log from the line after those shown")
                .contains("sse-connect=\"/job-tasks/" + jt + "/log/stream?attempt=1&amp;from=3\"");
        assertThat(html).as("a viewer sees no button they cannot use").doesNotContain("/job-tasks/" + jt + "/cancel");
        assertThat(session.get("/job-tasks/" + jt + "?attempt=2").statusCode()).isEqualTo(404);
        assertThat(session.get("/job-tasks/jt-nope").statusCode()).isEqualTo(404);

        HttpResponse<String> raw = session.get("/job-tasks/" + jt + "/log.txt?attempt=1");
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
        assertThat(raw.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment");
        assertThat(raw.body()).isEqualTo("building\n" + E + "[1;31mred alert" + E + "[0m\n<script>alert(1)</script>\n");

        DashboardSession developer = new DashboardSession(uri("/")).signedIn(userWithToken("ui-jt-dev", "DEVELOPER"));
        assertThat(developer.get("/job-tasks/" + jt).body()).contains("/job-tasks/" + jt + "/cancel",
                "name=\"back\" value=\"/job-tasks/" + jt + "\"");
    }

    @Test
    void thePagesStreamSendsTheNewLinesAsHtmlThenTheEnd() {
        String ptId = run(definePipeline("ui-stream"));
        TaskPlan compile = firstTask(planOf(ptId));
        String jt = compile.getJobTaskId();
        chunk(ptId, jt, 0, "first\n", false);
        String token = SEALED.open(compile.getUpdateToken(), SealedPlace.updateToken(jt, 1));
        for (Stage stage : List.of(Stage.ACTIVE, Stage.SUCCEEDED)) {
            produce(Topics.JOB_TASK_STATUS_REPORTS, ptId, JobTaskStatusReported.newBuilder()
                    .setReportId(jt + ":" + stage).setJobTaskId(jt).setPipelineTaskId(ptId)
                    .setUpdateToken(token).setStage(stage).setReportedAt(Instant.now()).build());
        }
        chunk(ptId, jt, 1, E + "[32m<b>second</b>", true);
        await(() -> get("/api/v1/job-tasks/" + jt + "/log").body().endsWith("</b>"));

        DashboardSession session = new DashboardSession(uri("/")).signedIn(userWithToken("ui-streamer", "VIEWER"));
        HttpResponse<String> stream = session.send(HttpRequest.newBuilder(uri("/job-tasks/" + jt
                + "/log/stream?attempt=1&from=1")).header("Accept", "text/event-stream").GET());

        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.body()).doesNotContain("first").contains("event:line", "id:2",
                "data:<span class=\"l\"><span class=\"n\">2</span><span class=\"a-fg-2\">&lt;b&gt;second&lt;/b&gt;"
                        + "</span></span>", "event:end", "data:SUCCEEDED");
        assertThat(session.get("/job-tasks/" + jt).body()).as("an ended log is not followed").doesNotContain("sse-connect");
    }

    @Test
    void aFailedTasksRetryFormOffersTheJobsOwnParamsEmptyAndNeverASecret() {
        String ptId = run(definePipeline("ui-retry"));
        TaskPlan compile = firstTask(planOf(ptId));
        String jt = compile.getJobTaskId();
        String token = SEALED.open(compile.getUpdateToken(), SealedPlace.updateToken(jt, 1));
        for (Stage stage : List.of(Stage.ACTIVE, Stage.FAILED)) {
            produce(Topics.JOB_TASK_STATUS_REPORTS, ptId, JobTaskStatusReported.newBuilder()
                    .setReportId(jt + ":" + stage).setJobTaskId(jt).setPipelineTaskId(ptId).setExitCode(3)
                    .setUpdateToken(token).setStage(stage).setReportedAt(Instant.now()).build());
        }
        await(() -> get("/api/v1/job-tasks/" + jt).json().path("stage").asString().equals("FAILED"));

        DashboardSession developer = new DashboardSession(uri("/")).signedIn(userWithToken("ui-retrier", "DEVELOPER"));
        String html = developer.get("/job-tasks/" + jt).body();

        assertThat(html).contains("action=\"/job-tasks/" + jt + "/retry\"", "action=\"/job-tasks/" + jt + "/skip\"",
                "name=\"param.GOAL\" type=\"text\" placeholder=\"package\"", "name=\"param.PASSWORD\" type=\"password\"")
                .doesNotContain("name=\"param.REGION\"", "name=\"param.JOB_TASK_ID\"", "hunter2-ui-retry",
                        SealedValues.PREFIX, "action=\"/job-tasks/" + jt + "/cancel\"");
        assertThat(new DashboardSession(uri("/")).signedIn(userWithToken("ui-retry-viewer", "VIEWER"))
                .get("/job-tasks/" + jt).body()).as("a viewer sees no button").doesNotContain("/retry\"", "/skip\"");
    }

    @Test
    void approvalsShowOnlyTheGatesWaitingForTheSignedInPersonWithTheParamsMasked() {
        String vera = userWithToken("ui-vera", "VIEWER");
        userWithToken("ui-walt", "VIEWER");
        String forVera = turnCame(run(auditedPipeline("ui-apv-vera", "ui-vera")));
        String forWalt = turnCame(run(auditedPipeline("ui-apv-walt", "ui-walt")));
        await(() -> get("/api/v1/job-tasks/" + forVera).json().path("audit").path("stage").asString().equals("WAITING")
                && get("/api/v1/job-tasks/" + forWalt).json().path("audit").path("stage").asString()
                .equals("WAITING"));

        DashboardSession session = new DashboardSession(uri("/")).signedIn(vera);
        HttpResponse<String> page = session.get("/approvals");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("/job-tasks/" + forVera + "/audit", "name=\"back\" value=\"/approvals\"",
                "value=\"PASS\"", "value=\"DENY\"", "name=\"comment\"", "TARGET", "prod", "******")
                .doesNotContain(forWalt).doesNotContain("s3cret-ui-apv-vera").doesNotContain(SealedValues.PREFIX);
        assertThat(new DashboardSession(uri("/")).signedIn(ADMIN_TOKEN).get("/approvals").body())
                .contains("Nothing waits for your decision");
    }

    /** A pipeline of one task with a sensitive param that {@code auditor} audits. */
    private String auditedPipeline(String prefix, String auditor) {
        Response job = post("/api/v1/jobs", json(Map.of("name", prefix + "-deploy", "runnerSpec", "echo deploy",
                "params", List.of(Map.of("name", "TARGET", "value", "prod"),
                        Map.of("name", "KEY", "value", "s3cret-" + prefix, "sensitive", true)))));
        assertThat(job.status()).as(job.body()).isEqualTo(201);
        Response pipeline = post("/api/v1/pipelines", json(Map.of("name", prefix + "-cd", "stages", List.of(
                Map.of("name", "prod", "tasks", List.of(Map.of("name", "deploy", "job", prefix + "-deploy",
                        "audit", Map.of("auditors", List.of(auditor)))))))));
        assertThat(pipeline.status()).as(pipeline.body()).isEqualTo(201);
        return pipeline.json().path("id").asString();
    }

    private String turnCame(String ptId) {
        String jt = firstTask(planOf(ptId)).getJobTaskId();
        produce(Topics.PIPELINE_TASK_STATUS_REPORTS, ptId, new JobTaskTurnCame(jt + ":turn", ptId, jt, Instant.now()));
        return jt;
    }

    private void chunk(String ptId, String jobTaskId, long firstLine, String text, boolean last) {
        produce(Topics.JOB_LOGS, ptId, JobLogChunk.newBuilder().setJobTaskId(jobTaskId).setPipelineTaskId(ptId)
                .setAttempt(1).setFirstLine(firstLine).setText(text).setLast(last).setAt(Instant.now()).build());
    }

    private static void await(BooleanSupplier condition) {
        Instant deadline = Instant.now().plusSeconds(20);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("waited 20 s").isBefore(deadline);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
