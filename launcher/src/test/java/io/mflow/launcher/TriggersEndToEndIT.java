package io.mflow.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs that start themselves, seen from outside the whole engine: GitLab's push webhook starts a run whose LOCAL job
 * gets the pushed branch, commit and version and leaves them in a ledger, and a local server standing in for GitLab's
 * API receives the run's commit statuses; a schedule starts runs of its pipeline by itself until it is taken out.
 */
class TriggersEndToEndIT {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);
    private static final String GITLAB_TOKEN = "glpat-e2e-token-0123456789";

    @TempDir
    static Path dir;

    static Engine engine;
    static MflowClient mflow;
    static GitLabApi gitlab;
    static final HttpClient http = HttpClient.newHttpClient();
    static final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    static void startEngine() throws Exception {
        Path home = Path.of(System.getProperty("mflow.home", "..")).toAbsolutePath().normalize();
        gitlab = new GitLabApi();
        // run by root, the engine runs LOCAL jobs as users of their own: they write their ledgers here
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        // the stand-in GitLab listens on loopback, which notify-service (and task-service) refuse unless allowed
        engine = Engine.start(EngineSettings.defaults(home).shifted(24_000, dir.resolve("data"))
                .withEnv(Map.of("MFLOW_NOTIFY_ALLOWED_PRIVATE_NETWORKS", "127.0.0.0/8")));
        mflow = new MflowClient(engine.baseUri(Service.TASK), engine.adminToken());
    }

    @AfterAll
    static void stopEngine() {
        if (engine != null) {
            engine.close();
        }
        if (gitlab != null) {
            gitlab.close();
        }
    }

    @Test
    void aGitLabPushRunsThePipelineWithItsCommitOnceAndGitLabIsToldHowItWentWhileAWrongTokenStartsNothing()
            throws Exception {
        Path ledger = ledger("push");
        String sha = "da1560886d4f094c3e6c9ef40349f7d38b5d27d7";
        String repository = "mike/diaspora";
        String pipeline = gitPipeline("diaspora-ci", ledger, "");
        JsonNode config = mflow.post("/api/v1/builds", buildConfig("diaspora-master", pipeline, repository,
                "gitlab-secret-diaspora"), 201);
        String configId = config.get("id").asString();
        assertThat(config.get("providerToken").asString()).isEqualTo("******");
        assertThat(config.toString()).doesNotContain(GITLAB_TOKEN);

        String delivery = UUID.randomUUID().toString();
        HttpResponse<String> first = pushHook(repository, sha, "gitlab-secret-diaspora", delivery);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        JsonNode record = json.readTree(first.body());
        assertThat(record.get("event").asString()).isEqualTo("PUSH");
        assertThat(record.get("commit").asString()).isEqualTo(sha);
        assertThat(first.body()).doesNotContain("gitlab-secret-diaspora", GITLAB_TOKEN);

        String runId = startedRun(record.get("id").asString());
        JsonNode done = mflow.awaitFinished(runId, RUN_TIMEOUT);
        assertThat(done.get("stage").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("triggeredBy").asString()).isEqualTo("gitlab:jsmith");
        assertThat(done.get("labels").get("mflow.io/build-config").asString()).isEqualTo(configId);
        assertThat(done.get("labels").get("mflow.io/trigger-event").asString()).isEqualTo(record.get("id").asString());
        String today = LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE);
        assertThat(Files.readAllLines(ledger)).containsExactly("master " + sha + " v" + today + "-master-da156088");

        // GitLab is told, on the pushed commit, with the token only it sees, ending in success, linking to the run
        String statuses = "/api/v4/projects/" + URLEncoder.encode(repository, StandardCharsets.UTF_8)
                + "/statuses/" + sha;
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> gitlab.statesTo(statuses).contains("success"));
        List<GitLabApi.Request> told = gitlab.requestsTo(statuses);
        assertThat(told.get(told.size() - 1).state()).isEqualTo("success");
        assertThat(told).allSatisfy(request -> {
            assertThat(request.token()).isEqualTo(GITLAB_TOKEN);
            assertThat(request.body().get("name").asString()).isEqualTo("mflow/diaspora-ci");
            assertThat(request.body().get("target_url").asString())
                    .isEqualTo(engine.baseUri(Service.TASK) + "/api/v1/pipeline-tasks/" + runId);
        });
        assertThat(mflow.get("/api/v1/pipeline-tasks/" + runId).toString()).doesNotContain(GITLAB_TOKEN);

        // GitLab delivers the same event again: the first record answers, nothing starts again
        HttpResponse<String> again = pushHook(repository, sha, "gitlab-secret-diaspora", delivery);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(json.readTree(again.body()).get("id").asString()).isEqualTo(record.get("id").asString());
        assertThat(runsLabelled("mflow.io/build-config=" + configId)).hasSize(1);

        // whoever lacks the secret is refused, and nothing is recorded or run for them
        HttpResponse<String> forged = pushHook(repository, sha, "not-the-secret", UUID.randomUUID().toString());
        assertThat(forged.statusCode()).as(forged.body()).isEqualTo(401);
        HttpResponse<String> bare = pushHook(repository, sha, null, UUID.randomUUID().toString());
        assertThat(bare.statusCode()).as(bare.body()).isEqualTo(401);
        assertThat(mflow.get("/api/v1/triggers/records?buildConfig=" + configId + "&size=100").path("items"))
                .hasSize(1);
        assertThat(runsLabelled("mflow.io/build-config=" + configId)).hasSize(1);
        assertThat(Files.readAllLines(ledger)).as("the job ran once").hasSize(1);
    }

    @Test
    void aCommitStatusGitLabFailsToTakeIsTriedAgainAndArrivesWhileTheRunGoesOn() throws Exception {
        Path ledger = ledger("retry");
        String sha = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
        String repository = "mike/retried";
        // the job takes a while, so the retry of a state comes before the run's next state replaces it
        String pipeline = gitPipeline("retried-ci", ledger, "sleep 5; ");
        String configId = mflow.post("/api/v1/builds", buildConfig("retried-master", pipeline, repository,
                "gitlab-secret-retried"), 201).get("id").asString();
        String statuses = "/api/v4/projects/" + URLEncoder.encode(repository, StandardCharsets.UTF_8)
                + "/statuses/" + sha;
        gitlab.failFirst(statuses);

        HttpResponse<String> delivered = pushHook(repository, sha, "gitlab-secret-retried",
                UUID.randomUUID().toString());
        assertThat(delivered.statusCode()).as(delivered.body()).isEqualTo(202);
        String runId = startedRun(json.readTree(delivered.body()).get("id").asString());

        JsonNode done = mflow.awaitFinished(runId, RUN_TIMEOUT);
        assertThat(done.get("stage").asString()).as("a status GitLab refused fails no run").isEqualTo("SUCCEEDED");
        assertThat(done.get("labels").get("mflow.io/build-config").asString()).isEqualTo(configId);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> gitlab.statesTo(statuses).contains("success"));
        List<GitLabApi.Request> told = gitlab.requestsTo(statuses);
        assertThat(told.get(0).answered()).isEqualTo(500);
        assertThat(told.subList(1, told.size())).as("the refused state came again and was taken: %s", told)
                .anySatisfy(request -> {
                    assertThat(request.state()).isEqualTo(told.get(0).state());
                    assertThat(request.answered()).isEqualTo(201);
                });
        assertThat(told.get(told.size() - 1).state()).isEqualTo("success");
        assertThat(told).allSatisfy(request -> assertThat(request.token()).isEqualTo(GITLAB_TOKEN));
    }

    @Test
    void aScheduleStartsARunForEachDueTimeOnceUntilItIsTakenOut() throws Exception {
        Path ledger = ledger("schedule");
        String job = mflow.post("/api/v1/jobs", Map.of("name", "ticker", "runnerType", "LOCAL",
                "runnerSpec", "echo \"$PIPELINE_TASK_ID\" >> \"$LEDGER\"",
                "params", List.of(Map.of("name", "LEDGER", "value", ledger.toString()))), 201).get("id").asString();
        List<Map<String, Object>> stages = List.of(Map.of("name", "tick", "tasks",
                List.of(Map.of("name", "tick", "job", job))));
        JsonNode created = mflow.post("/api/v1/pipelines", Map.of("name", "ticking", "stages", stages,
                "schedules", List.of(Map.of("name", "every-2s", "cron", "*/2 * * * * *"))), 201);
        String pipelineId = created.get("id").asString();
        Instant firstDue = Instant.parse(created.get("schedules").get(0).get("nextDueAt").asString());

        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> runsLabelled("mflow.io/schedule=every-2s")
                .size() >= 4);
        JsonNode changed = put("/api/v1/pipelines/" + pipelineId,
                Map.of("name", "ticking", "stages", stages, "schedules", List.of()));
        Instant removedAt = Instant.now();
        assertThat(changed.path("schedules")).as("an empty list takes them out").isEmpty();

        // a sweep that had already claimed a due time may still start it; none after the change, across sweeps
        Thread.sleep(12_000);
        List<JsonNode> runs = runsLabelled("mflow.io/schedule=every-2s");
        Thread.sleep(6_000);
        assertThat(runsLabelled("mflow.io/schedule=every-2s")).as("no run after the schedule was taken out")
                .hasSameSizeAs(runs);

        List<Instant> due = new ArrayList<>();
        for (JsonNode run : runs) {
            assertThat(run.get("pipelineId").asString()).isEqualTo(pipelineId);
            assertThat(run.get("triggeredBy").asString()).isEqualTo("schedule:every-2s");
            assertThat(run.get("id").asString()).startsWith("pt-s-");
            due.add(Instant.parse(run.get("labels").get("mflow.io/schedule-due").asString()));
        }
        due.sort(null);
        assertThat(Set.copyOf(due)).as("each due time once: %s", due).hasSize(due.size());
        assertThat(due.get(0)).as("the first due time ran").isEqualTo(firstDue);
        for (int i = 1; i < due.size(); i++) {
            assertThat(Duration.between(due.get(i - 1), due.get(i))).as("no due time lost: %s", due)
                    .isEqualTo(Duration.ofSeconds(2));
        }
        assertThat(due.get(due.size() - 1)).as("nothing due after the change ran").isBefore(removedAt);
        for (JsonNode run : runs) {
            assertThat(mflow.awaitFinished(run.get("id").asString(), RUN_TIMEOUT).get("stage").asString())
                    .isEqualTo("SUCCEEDED");
        }
        assertThat(Files.readAllLines(ledger)).as("each run's job ran once")
                .containsExactlyInAnyOrderElementsOf(runs.stream().map(r -> r.get("id").asString()).toList());
    }

    /** A pipeline of one LOCAL job that writes the branch, commit and version it was given to the ledger. */
    private static String gitPipeline(String name, Path ledger, String before) throws Exception {
        String job = mflow.post("/api/v1/jobs", Map.of("name", name + "-build", "runnerType", "LOCAL",
                "runnerSpec", before + "echo \"$GIT_BRANCH $GIT_COMMIT_ID $APP_VERSION\" >> \"$LEDGER\"",
                "params", List.of(Map.of("name", "LEDGER", "value", ledger.toString()), Map.of("name", "GIT_BRANCH"),
                        Map.of("name", "GIT_COMMIT_ID"), Map.of("name", "APP_VERSION"))), 201).get("id").asString();
        return mflow.post("/api/v1/pipelines", Map.of("name", name, "stages", List.of(Map.of("name", "build",
                "tasks", List.of(Map.of("name", "build", "job", job))))), 201).get("id").asString();
    }

    private static Map<String, Object> buildConfig(String name, String pipelineId, String repository, String secret) {
        Map<String, Object> config = new HashMap<>();
        config.put("name", name);
        config.put("pipelineId", pipelineId);
        config.put("repository", repository);
        config.put("condition", Map.of("events", List.of("Push Hook"), "refs", List.of(Map.of("pattern", "master"))));
        config.put("versionRule", "DATE_BRANCH_COMMIT");
        config.put("secret", secret);
        config.put("providerToken", GITLAB_TOKEN);
        config.put("providerUrl", gitlab.url("/api/v4"));
        return config;
    }

    /** What GitLab sends for a push to master, with its headers; no mflow token: the secret proves it. */
    private static HttpResponse<String> pushHook(String repository, String sha, String secret, String delivery)
            throws Exception {
        String body = """
                {"object_kind": "push", "event_name": "push",
                 "before": "95790bf891e76fee5e1747ab589903a6a1f80f22", "after": "%2$s", "ref": "refs/heads/master",
                 "ref_protected": true, "checkout_sha": "%2$s", "user_id": 4, "user_name": "John Smith",
                 "user_username": "jsmith", "user_email": "john@example.com", "project_id": 15,
                 "project": {"id": 15, "name": "%3$s", "web_url": "https://gitlab.example.com/%1$s",
                   "git_ssh_url": "git@gitlab.example.com:%1$s.git",
                   "git_http_url": "https://gitlab.example.com/%1$s.git", "namespace": "Mike",
                   "path_with_namespace": "%1$s", "default_branch": "master"},
                 "commits": [{"id": "%2$s", "message": "fixed readme", "title": "fixed readme",
                   "timestamp": "2026-12-07T12:36:29+00:00",
                   "author": {"name": "John Smith", "email": "john@example.com"},
                   "added": ["CHANGELOG"], "modified": ["README.md"], "removed": []},
                  {"id": "b6568db1bc1dcd7f8b4d5a946b0b91f9dacd7327", "message": "older", "title": "older",
                   "timestamp": "2026-12-06T14:27:31+00:00",
                   "author": {"name": "John Smith", "email": "john@example.com"},
                   "added": [], "modified": ["CHANGELOG"], "removed": []}],
                 "total_commits_count": 2,
                 "repository": {"name": "%3$s", "url": "git@gitlab.example.com:%1$s.git",
                   "homepage": "https://gitlab.example.com/%1$s"}}
                """.formatted(repository, sha, repository.substring(repository.indexOf('/') + 1));
        HttpRequest.Builder request = HttpRequest.newBuilder(engine.baseUri(Service.TASK)
                        .resolve("/api/v1/triggers/gitlab"))
                .header("Content-Type", "application/json")
                .header("User-Agent", "GitLab/16.5.0")
                .header("X-Gitlab-Event", "Push Hook")
                .header("X-Gitlab-Event-UUID", delivery)
                .header("X-Gitlab-Instance", "https://gitlab.example.com")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (secret != null) {
            request.header("X-Gitlab-Token", secret);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The run a delivery's record names, once it has started it. */
    private static String startedRun(String recordId) {
        String[] runId = new String[1];
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode started = mflow.get("/api/v1/triggers/records/" + recordId).path("builds").path(0)
                    .path("pipelineTaskId");
            runId[0] = started.isString() ? started.asString() : null;
            return runId[0] != null;
        });
        return runId[0];
    }

    private static List<JsonNode> runsLabelled(String label) throws Exception {
        List<JsonNode> runs = new ArrayList<>();
        mflow.get("/api/v1/pipeline-tasks?size=100&label=" + URLEncoder.encode(label, StandardCharsets.UTF_8))
                .path("items").forEach(runs::add);
        return runs;
    }

    private static JsonNode put(String path, Object body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(engine.baseUri(Service.TASK).resolve(path))
                .header("Authorization", "Bearer " + engine.adminToken()).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    /** A file a job appends to, writable by the users the engine runs LOCAL jobs as. */
    private static Path ledger(String name) throws IOException {
        Path file = dir.resolve(name + ".ledger");
        Files.writeString(file, "");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        return file;
    }

    /**
     * Stands in for GitLab's API: takes commit statuses as GitLab does ({@code 201} and the status), remembering
     * each request; a path told to fail answers its first request {@code 500}.
     */
    static final class GitLabApi implements AutoCloseable {

        record Request(String path, String token, JsonNode body, int answered) {
            String state() {
                return body.path("state").asString();
            }
        }

        private final HttpServer server;
        private final List<Request> requests = new CopyOnWriteArrayList<>();
        private final Set<String> failing = ConcurrentHashMap.newKeySet();

        GitLabApi() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/api/v4/projects/", this::status);
            server.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        void failFirst(String path) {
            failing.add(path);
        }

        List<Request> requestsTo(String path) {
            return requests.stream().filter(r -> r.path().equals(path)).toList();
        }

        List<String> statesTo(String path) {
            return requestsTo(path).stream().filter(r -> r.answered() == 201).map(Request::state).toList();
        }

        private void status(HttpExchange exchange) throws IOException {
            String path = exchange.getRequestURI().getRawPath();
            JsonNode body = json.readTree(exchange.getRequestBody().readAllBytes());
            int answer = failing.remove(path) ? 500 : 201;
            requests.add(new Request(path, exchange.getRequestHeaders().getFirst("PRIVATE-TOKEN"), body, answer));
            byte[] reply = (answer == 201 ? "{\"id\":" + requests.size() + ",\"status\":\"" + body.path("state")
                    .asString() + "\"}" : "{\"message\":\"500 Internal Server Error\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
