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
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

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
        await(() -> snapshot(seen).contains("data: line one"));

        Instant written = Instant.now();
        chunk(ptId, jobTaskId, 1, 1, "line two\n", false);
        await(() -> snapshot(seen).contains("data: line two"));
        assertThat(Duration.between(written, Instant.now())).as("a new line within a second").isLessThan(Duration.ofSeconds(1));

        String token = SEALED.open(compile.getUpdateToken(), SealedPlace.updateToken(compile.getJobTaskId(), 1));
        for (Stage stage : List.of(Stage.ACTIVE, Stage.SUCCEEDED)) {
            produce(Topics.JOB_TASK_STATUS_REPORTS, ptId, JobTaskStatusReported.newBuilder()
                    .setReportId(jobTaskId + ":" + stage).setJobTaskId(jobTaskId).setPipelineTaskId(ptId)
                    .setUpdateToken(token).setStage(stage).setReportedAt(Instant.now()).build());
        }
        chunk(ptId, jobTaskId, 1, 2, "line three", true);
        reading.get(20, TimeUnit.SECONDS);
        assertThat(snapshot(seen)).containsSubsequence("data: line one", "data: line two", "data: line three",
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

        assertThat(response.body()).contains("event:end").contains("data:FAILED").doesNotContain("data: line");
        assertThat(Duration.between(asked, Instant.now())).isLessThan(Duration.ofSeconds(5));
        assertThat(get("/api/v1/job-tasks/" + jobTaskId + "/log").body()).isEmpty();
    }

    /**
     * The harness allows 3 followers per user and 6 in all. A user's fourth is a 429 at once, while another user's
     * first is served; the service's seventh is a 429 for anyone; and every place comes back once its client left.
     */
    @Test
    void followersAreBoundedPerUserAndInTotalAndEveryPlaceComesBackWhenItsClientLeaves() throws Exception {
        String ptId = run(definePipeline("logs-many"));
        String jobTaskId = firstTask(plan(ptId)).getJobTaskId();
        chunk(ptId, jobTaskId, 1, 0, "line one\n", false);
        await(() -> !get("/api/v1/job-tasks/" + jobTaskId + "/log").body().isEmpty());
        awaitFollowers(0);
        String path = "/api/v1/job-tasks/" + jobTaskId + "/log";
        List<Follow> follows = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                follows.add(Follow.open(uri(path), ADMIN_TOKEN));
            }
            HttpResponse<String> fourth = followOnce(path, ADMIN_TOKEN);
            assertThat(fourth.statusCode()).isEqualTo(429);
            assertThat(fourth.headers().firstValue("Retry-After")).isPresent();
            assertThat(fourth.headers().firstValue("Content-Type")).hasValueSatisfying(t ->
                    assertThat(t).startsWith("application/problem+json"));
            assertThat(JSON.readTree(fourth.body()).path("detail").asString()).contains("admin already holds 3");

            Follow others = Follow.open(uri(path), tokenOf("follower-1"));
            follows.add(others);
            others.await("data: line one");
            follows.add(Follow.open(uri(path), tokenOf("follower-2")));
            follows.add(Follow.open(uri(path), tokenOf("follower-3")));
            HttpResponse<String> seventh = followOnce(path, tokenOf("follower-4"));
            assertThat(seventh.statusCode()).as("six follow, whoever asks for a seventh").isEqualTo(429);
            assertThat(JSON.readTree(seventh.body()).path("detail").asString()).contains("for all callers");
        } finally {
            follows.forEach(Follow::close);
        }
        awaitFollowers(0);
        Follow again = Follow.open(uri(path), ADMIN_TOKEN);
        again.await("data: line one");
        again.close();
    }

    /**
     * Clients that ask to follow a 16 MiB log and never read hold their own writes, nothing else: a follower of
     * another job still gets its new line. (Two such clients held both threads every follower used to share.)
     */
    @Test
    void followersWhoseClientsDoNotReadHoldUpNoOtherFollower() throws Exception {
        String bigRun = run(definePipeline("logs-big"));
        String big = firstTask(plan(bigRun)).getJobTaskId();
        String chunk = ("y".repeat(1023) + "\n").repeat(64);
        for (int i = 0; i < 256; i++) {
            chunk(bigRun, big, 1, i * 64L, chunk, false);
        }
        await(() -> get("/api/v1/job-tasks/" + big + "/log").body().length() == 16 << 20);
        String smallRun = run(definePipeline("logs-small"));
        String small = firstTask(plan(smallRun)).getJobTaskId();
        chunk(smallRun, small, 1, 0, "first\n", false);
        await(() -> !get("/api/v1/job-tasks/" + small + "/log").body().isEmpty());
        awaitFollowers(0);

        List<java.net.Socket> stalled = new ArrayList<>();
        Follow reading = null;
        try {
            for (int i = 0; i < 2; i++) {
                java.net.Socket socket = new java.net.Socket();
                socket.setReceiveBufferSize(4096);
                socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
                socket.getOutputStream().write(("GET /api/v1/job-tasks/" + big + "/log HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Accept: text/event-stream\r\nAuthorization: Bearer " + tokenOf("stalled-" + i)
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                stalled.add(socket);
            }
            awaitFollowers(2);
            Thread.sleep(2000); // long enough for both to fill their connections and block

            reading = Follow.open(uri("/api/v1/job-tasks/" + small + "/log"), ADMIN_TOKEN);
            reading.await("data: first");
            chunk(smallRun, small, 1, 1, "second\n", false);
            reading.await("data: second");
        } finally {
            for (java.net.Socket socket : stalled) {
                socket.close();
            }
            if (reading != null) {
                reading.close();
            }
        }
    }

    /** A live follow of a log, its lines read as they come. */
    private record Follow(HttpResponse<InputStream> response, List<String> seen) {

        static Follow open(java.net.URI uri, String token) throws Exception {
            HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
                    .header("Accept", "text/event-stream").header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).as("following as %s", token).isEqualTo(200);
            List<String> seen = new ArrayList<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        synchronized (seen) {
                            seen.add(line);
                        }
                    }
                } catch (Exception closed) {
                    // the test closed it
                }
            });
            reader.setDaemon(true);
            reader.start();
            return new Follow(response, seen);
        }

        void await(String line) {
            JobLogsIT.await(() -> snapshot(seen).contains(line));
        }

        void close() {
            try {
                response.body().close();
            } catch (Exception ignored) {
                // gone already
            }
        }
    }

    private HttpResponse<String> followOnce(String path, String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri(path)).header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A viewer's token; the user is made on first use. */
    private String tokenOf(String user) {
        if (get("/api/v1/users/" + user).status() == 404) {
            assertThat(post("/api/v1/users", json(java.util.Map.of("name", user, "roles", List.of("VIEWER"))))
                    .status()).isEqualTo(201);
        }
        return post("/api/v1/users/" + user + "/tokens", json(java.util.Map.of("name", "t"))).json().path("token")
                .asString();
    }

    @Autowired
    MeterRegistry meters;

    private void awaitFollowers(int followers) {
        await(() -> meters.get("mflow.log.followers").gauge().value() == followers);
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
