package io.mflow.task.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.schemas.Topics;
import io.mflow.schemas.common.Stage;
import io.mflow.schemas.event.JobLogChunk;
import io.mflow.schemas.event.JobTaskStatusReported;
import io.mflow.schemas.event.PipelineTaskCreated;
import io.mflow.schemas.event.TaskPlan;
import io.mflow.schemas.sealed.SealedPlace;
import io.mflow.task.domain.JobLog;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The output runners publish is kept by task-service and served as text or followed live as server-sent events,
 * with a token, once per line however often a runner publishes it.
 */
class JobLogsIT extends TaskServiceHarness {

    private void chunk(String key, String jobTaskId, int attempt, long firstLine, String text, boolean last) {
        produce(Topics.JOB_LOGS, key, JobLogChunk.newBuilder().setJobTaskId(jobTaskId).setPipelineTaskId(key)
                .setAttempt(attempt).setFirstLine(firstLine).setText(text).setLast(last).setAt(Instant.now()).build());
    }

    @Test
    void theOutputIsKeptOncePerLineAndServedAsTextEvenWhenARestartedRunnerPublishesItAgain() {
        String ptId = run(definePipeline("logs-text"));
        String jobTaskId = get("/api/v1/pipeline-tasks/" + ptId).json().path("stages").get(0).path("jobTasks").get(0)
                .path("id").asString();
        chunk(ptId, jobTaskId, 1, 0, "compiling\nmodule a\n", false);
        chunk(ptId, jobTaskId, 1, 2, "module b\n", false);
        // the runner restarted and publishes the output again from its start, cut differently, and more of it
        chunk(ptId, jobTaskId, 1, 0, "compiling\nmodule a\nmodule b\nmodule c\n", false);
        chunk(ptId, jobTaskId, 1, 4, "done", true);

        await(() -> get("/api/v1/job-tasks/" + jobTaskId + "/log").body().endsWith("done"));
        Response log = call("GET", "/api/v1/job-tasks/" + jobTaskId + "/log", null, ADMIN_TOKEN);
        assertThat(log.status()).isEqualTo(200);
        assertThat(log.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(log.body()).isEqualTo("compiling\nmodule a\nmodule b\nmodule c\ndone");
        assertThat(get("/api/v1/job-tasks/" + jobTaskId + "/log?attempt=2").status()).isEqualTo(404);
        assertThat(call("GET", "/api/v1/job-tasks/" + jobTaskId + "/log", null, null).status()).isEqualTo(401);
        assertThat(get("/api/v1/job-tasks/jt-nope/log").status()).isEqualTo(404);
    }

    @Test
    void aLogIsKeptUpTo16MiBPerAttemptThenCutWithALastLineThatSaysSo() {
        String ptId = run(definePipeline("logs-cut"));
        String jobTaskId = get("/api/v1/pipeline-tasks/" + ptId).json().path("stages").get(0).path("jobTasks").get(0)
                .path("id").asString();
        String line = "x".repeat(1023) + "\n";
        String chunk = line.repeat(64); // 64 KiB, as a runner publishes at most
        int chunks = 17 * 16; // 17 MiB
        for (int i = 0; i < chunks; i++) {
            chunk(ptId, jobTaskId, 1, i * 64L, chunk, false);
        }
        chunk(ptId, jobTaskId, 1, chunks * 64L, "the end\n", true);

        await(() -> get("/api/v1/job-tasks/" + jobTaskId + "/log").body().endsWith(JobLog.CUT_NOTICE + "\n"));
        String log = get("/api/v1/job-tasks/" + jobTaskId + "/log").body();
        assertThat(log).doesNotContain("the end");
        assertThat(log.length() - JobLog.CUT_NOTICE.length() - 1).isEqualTo(16 * 1024 * 1024);
        assertThat(log.split("\n", -1)).as("whole lines, then the notice").allMatch(l -> l.length() == 1023
                || l.equals(JobLog.CUT_NOTICE) || l.isEmpty());
    }

    @Test
    void aFollowerGetsTheLinesSoFarThenEachNewLineThenTheEndWithTheFinalStage() throws Exception {
        String ptId = run(definePipeline("logs-follow"));
        PipelineTaskCreated plan = plan(ptId);
        TaskPlan compile = firstTask(plan);
        String jobTaskId = compile.getJobTaskId();
        chunk(ptId, jobTaskId, 1, 0, "line one\n", false);
        await(() -> !get("/api/v1/job-tasks/" + jobTaskId + "/log").body().isEmpty());

        HttpRequest request = HttpRequest.newBuilder(uri("/api/v1/job-tasks/" + jobTaskId + "/log"))
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + ADMIN_TOKEN).build();
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t ->
                assertThat(t).startsWith("text/event-stream"));
        List<String> seen = new ArrayList<>();
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (!line.isBlank()) {
                        synchronized (seen) {
                            seen.add(line);
                        }
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await(() -> snapshot(seen).contains("data:line one"));

        Instant written = Instant.now();
        chunk(ptId, jobTaskId, 1, 1, "line two\n", false);
        await(() -> snapshot(seen).contains("data:line two"));
        assertThat(Duration.between(written, Instant.now())).as("a new line within a second").isLessThan(Duration.ofSeconds(1));

        String token = SEALED.open(compile.getUpdateToken(), SealedPlace.updateToken(compile.getJobTaskId(), 1));
        for (Stage stage : List.of(Stage.ACTIVE, Stage.SUCCEEDED)) {
            produce(Topics.JOB_TASK_STATUS_REPORTS, ptId, JobTaskStatusReported.newBuilder()
                    .setReportId(jobTaskId + ":" + stage).setJobTaskId(jobTaskId).setPipelineTaskId(ptId)
                    .setUpdateToken(token).setStage(stage).setReportedAt(Instant.now()).build());
        }
        chunk(ptId, jobTaskId, 1, 2, "line three", true);
        reading.get(20, TimeUnit.SECONDS);
        assertThat(snapshot(seen)).containsSubsequence("data:line one", "data:line two", "data:line three",
                "event:end", "data:SUCCEEDED");
    }

    @Test
    void aFollowerOfAJobThatWroteNothingGetsTheEndSoonAfterTheJobEnded() throws Exception {
        String ptId = run(definePipeline("logs-quiet"));
        TaskPlan compile = firstTask(plan(ptId));
        String jobTaskId = compile.getJobTaskId();
        String token = SEALED.open(compile.getUpdateToken(), SealedPlace.updateToken(compile.getJobTaskId(), 1));
        for (Stage stage : List.of(Stage.ACTIVE, Stage.FAILED)) {
            produce(Topics.JOB_TASK_STATUS_REPORTS, ptId, JobTaskStatusReported.newBuilder()
                    .setReportId(jobTaskId + ":" + stage).setJobTaskId(jobTaskId).setPipelineTaskId(ptId)
                    .setUpdateToken(token).setStage(stage).setReportedAt(Instant.now()).build());
        }
        await(() -> get("/api/v1/job-tasks/" + jobTaskId).json().path("stage").asString().equals("FAILED"));

        HttpRequest request = HttpRequest.newBuilder(uri("/api/v1/job-tasks/" + jobTaskId + "/log"))
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + ADMIN_TOKEN).build();
        Instant asked = Instant.now();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.body()).contains("event:end").contains("data:FAILED").doesNotContain("data:line");
        assertThat(Duration.between(asked, Instant.now())).isLessThan(Duration.ofSeconds(5));
        assertThat(get("/api/v1/job-tasks/" + jobTaskId + "/log").body()).isEmpty();
    }

    private static List<String> snapshot(List<String> seen) {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    private PipelineTaskCreated plan(String ptId) {
        try (TopicReader events = new TopicReader(Topics.TASK_EVENTS)) {
            return (PipelineTaskCreated) TopicReader.decode(events.await(rs -> rs.stream()
                    .anyMatch(r -> r.key().equals(ptId))).stream().filter(r -> r.key().equals(ptId)).findFirst()
                    .orElseThrow());
        }
    }

    private static void await(java.util.function.BooleanSupplier condition) {
        Instant deadline = Instant.now().plusSeconds(20);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("waited 20 s").isBefore(deadline);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
