package io.mflow.agent;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * runner-service's agent API, as the agent calls it: every request is outbound HTTPS with the agent token, so an
 * agent behind a firewall or NAT needs nothing open towards it.
 */
final class EngineClient {

    /** A request runner-service refused for good (e.g. a report of an attempt it ended lost): not to be retried. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration LONG_POLL = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final AgentOptions options;
    private final URI agentUri;

    EngineClient(AgentOptions options) {
        this.options = options;
        this.agentUri = options.server().resolve("api/v1/agents/" + URLEncoder.encode(options.name(), StandardCharsets.UTF_8) + "/");
    }

    private Map<String, Object> hello(List<String> running) {
        return Map.of("tags", options.tags(), "version", AgentOptions.VERSION, "concurrency", options.concurrency(),
                "running", running);
    }

    /** Asks for work, waiting on the server's side for some; empty when there is none. */
    Optional<JsonNode> work(List<String> running) throws IOException, InterruptedException {
        HttpResponse<String> response = post("work", json(hello(running)), LONG_POLL);
        return response.statusCode() == 204 ? Optional.empty() : Optional.of(JSON.readTree(response.body()));
    }

    /** Says it is alive; returns the attempts it must stop. */
    List<String> heartbeat(List<String> running) throws IOException, InterruptedException {
        JsonNode stop = JSON.readTree(post("heartbeat", json(hello(running)), Duration.ofSeconds(20)).body()).path("stop");
        return stop.valueStream().map(JsonNode::asString).toList();
    }

    void started(String attemptId) throws IOException, InterruptedException {
        post("started", json(Map.of("attemptId", attemptId)), Duration.ofSeconds(20));
    }

    void output(String attemptId, long offset, byte[] bytes) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(agentUri.resolve("output?attempt=" + URLEncoder.encode(attemptId, StandardCharsets.UTF_8)
                        + "&offset=" + offset))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)), Duration.ofSeconds(30));
    }

    void finished(String attemptId, Integer exitCode, Map<String, String> outputs, String error)
            throws IOException, InterruptedException {
        java.util.Map<String, Object> body = new java.util.HashMap<>();
        body.put("attemptId", attemptId);
        body.put("exitCode", exitCode);
        body.put("outputs", outputs);
        body.put("error", error);
        post("finished", json(body), Duration.ofSeconds(20));
    }

    private static String json(Object body) {
        return JSON.writeValueAsString(body);
    }

    private HttpResponse<String> post(String path, String body, Duration timeout) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(agentUri.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), timeout);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, Duration timeout) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.header("Authorization", "Bearer " + options.token())
                .timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 409 || response.statusCode() == 400 || response.statusCode() == 404) {
            throw new Refused(response.statusCode() + " " + response.body());
        }
        if (response.statusCode() >= 300) {
            throw new IOException("runner-service answered " + response.statusCode() + ": " + response.body());
        }
        return response;
    }
}
