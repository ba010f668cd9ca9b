package io.mflow.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What a user of mflow does: JSON over the REST API of task-service, with the user's API token on every request. */
final class MflowClient {

    static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "CANCELED", "SKIPPED");

    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    MflowClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    JsonNode post(String path, Object body, int expectedStatus) throws IOException, InterruptedException {
        String text = body instanceof String s ? s : json.writeValueAsString(body);
        HttpResponse<String> response = http.send(request(path)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(text)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expectedStatus) {
            throw new AssertionError("POST " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return json.readTree(response.body());
    }

    /** A body of another type than JSON, such as a definition in YAML; the answer is JSON. */
    JsonNode post(String path, String contentType, String body, int expectedStatus)
            throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request(path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expectedStatus) {
            throw new AssertionError("POST " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return json.readTree(response.body());
    }

    /** The body as it came in the type asked for ({@code Accept}); only a 200 counts. */
    String getAs(String path, String accept) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request(path).header("Accept", accept).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request(path).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return json.readTree(response.body());
    }

    /** The body as it came; only a 200 counts, or a test that a body lacks something would pass on a 401. */
    String getRaw(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    void delete(String path, int expectedStatus) throws IOException, InterruptedException {
        int status = status("DELETE", path);
        if (status != expectedStatus) {
            throw new AssertionError("DELETE " + path + " answered " + status);
        }
    }

    /** Only the status of a body-less call: for what a caller may and may not do. */
    int status(String method, String path) throws IOException, InterruptedException {
        return http.send(request(path).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    String token() {
        return token;
    }

    /** With the caller's token; a client made with none sends no Authorization header at all. */
    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path));
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    JsonNode pipelineTask(String id) throws IOException, InterruptedException {
        return get("/api/v1/pipeline-tasks/" + id);
    }

    /** Polls the pipeline task until it reaches a terminal stage. */
    JsonNode awaitFinished(String pipelineTaskId, Duration timeout) throws Exception {
        return awaitRun(pipelineTaskId, timeout, TERMINAL::contains, "finish");
    }

    /** Polls until the run is in the given stage (one it may pass through on its way, as a resumed run does). */
    JsonNode awaitFinished(String pipelineTaskId, Duration timeout, String stage) throws Exception {
        return awaitRun(pipelineTaskId, timeout, stage::equals, "get to " + stage);
    }

    private JsonNode awaitRun(String pipelineTaskId, Duration timeout, Predicate<String> done, String what)
            throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        JsonNode task = pipelineTask(pipelineTaskId);
        while (!done.test(task.get("stage").asString()) && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            task = pipelineTask(pipelineTaskId);
        }
        if (!done.test(task.get("stage").asString())) {
            throw new AssertionError("pipeline task did not " + what + " in " + timeout + ": " + task);
        }
        return task;
    }

    /** Polls until some job task of the run is in the given stage; returns its id. */
    String awaitJobTaskIn(String pipelineTaskId, String stage, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            for (JsonNode s : pipelineTask(pipelineTaskId).get("stages")) {
                for (JsonNode t : s.get("jobTasks")) {
                    if (stage.equals(t.get("stage").asString())) {
                        return t.get("id").asString();
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no job task of " + pipelineTaskId + " reached " + stage + " in " + timeout);
    }

    static JsonNode jobTask(JsonNode pipelineTask, String name) {
        for (JsonNode s : pipelineTask.get("stages")) {
            for (JsonNode t : s.get("jobTasks")) {
                if (name.equals(t.get("name").asString())) {
                    return t;
                }
            }
        }
        throw new AssertionError("no job task named " + name + " in " + pipelineTask);
    }
}
