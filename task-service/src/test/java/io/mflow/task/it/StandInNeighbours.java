package io.mflow.task.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * runner-service and notify-service as task-service meets them over HTTP, on a port of their own: the agents list
 * and the endpoints with "enable", answering as the real ones do (the real bodies, problem documents on refusal).
 * It records each request with the Authorization header it came with, so a test sees whose token was used.
 */
final class StandInNeighbours {

    record Request(String method, String path, String authorization) {
    }

    final List<Request> requests = new CopyOnWriteArrayList<>();
    /** Tokens the neighbours refuse with 403, as they would a caller whose role their own rules reject. */
    final Set<String> refused = ConcurrentHashMap.newKeySet();
    /** Endpoint ids that are disabled; "enable" takes one out. */
    final Set<String> disabled = ConcurrentHashMap.newKeySet();
    volatile boolean failing;
    private final HttpServer server;

    private StandInNeighbours(HttpServer server) {
        this.server = server;
    }

    static StandInNeighbours start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            StandInNeighbours neighbours = new StandInNeighbours(server);
            server.createContext("/api/v1/agents", neighbours::agents);
            server.createContext("/api/v1/notify/endpoints", neighbours::endpoints);
            server.start();
            return neighbours;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    String uri() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Request> requestsTo(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    private void agents(HttpExchange exchange) throws IOException {
        if (answeredRefusal(exchange)) {
            return;
        }
        respond(exchange, 200, TaskServiceHarness.json(List.of(
                Map.of("name", "builder-1", "tags", List.of("linux", "gpu"), "version", "0.1.0", "concurrency", 2,
                        "untagged", false, "lastHeartbeat", "2026-12-07T04:00:00Z", "alive", true,
                        "running", List.of(Map.of("attemptId", "at-1", "jobTaskId", "jt-running-1",
                                "state", "RUNNING"))),
                Map.of("name", "old-box", "tags", List.of(), "version", "0.0.9", "concurrency", 1,
                        "untagged", true, "lastHeartbeat", "2026-12-01T10:00:00Z", "alive", false,
                        "running", List.of()))));
    }

    private void endpoints(HttpExchange exchange) throws IOException {
        if (answeredRefusal(exchange)) {
            return;
        }
        String path = exchange.getRequestURI().getRawPath();
        if (exchange.getRequestMethod().equals("POST") && path.matches("/api/v1/notify/endpoints/[^/]+/enable")) {
            String id = path.split("/")[5];
            if (!id.startsWith("ep-")) {
                respond(exchange, 404, problem(404, "no endpoint with id " + id));
                return;
            }
            disabled.remove(id);
            respond(exchange, 200, TaskServiceHarness.json(endpoint(id)));
            return;
        }
        respond(exchange, 200, TaskServiceHarness.json(List.of(endpoint("ep-hook"), endpoint("ep-mail"))));
    }

    private Map<String, Object> endpoint(String id) {
        boolean off = disabled.contains(id);
        return Map.of("id", id, "target", id.equals("ep-hook") ? "https://hooks.example.com/…" : "ops@example.com",
                "disabled", off, "failuresInARow", off ? 20 : 0,
                "reason", off ? "20 deliveries failed in a row, the last: 502" : "enabled by admin",
                "changedAt", "2026-12-07T03:00:00Z");
    }

    private boolean answeredRefusal(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), authorization));
        if (failing) {
            respond(exchange, 500, problem(500, "the request could not be completed"));
            return true;
        }
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            respond(exchange, 401, problem(401, "send your token as Authorization: Bearer <token>"));
            return true;
        }
        if (refused.contains(authorization.substring("Bearer ".length()))) {
            respond(exchange, 403, problem(403, "the neighbour's own rules refuse this caller"));
            return true;
        }
        return false;
    }

    private static String problem(int status, String detail) {
        return TaskServiceHarness.json(Map.of("type", "about:blank", "status", status, "detail", detail));
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type",
                status < 400 ? "application/json" : "application/problem+json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
