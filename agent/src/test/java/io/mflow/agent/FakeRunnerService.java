package io.mflow.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.mflow.localrunner.agentapi.HeartbeatReply;
import io.mflow.localrunner.agentapi.Hello;
import io.mflow.localrunner.agentapi.Work;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;

/**
 * runner-service's agent API as an agent meets it over HTTP, with what the test wants it to answer: work to hand out,
 * attempts to stop, and status codes (a 5xx, a 409) for the next calls of a kind. It keeps every request, and the
 * output it took by offset, as runner-service's agent log does.
 */
final class FakeRunnerService implements AutoCloseable {

    /** One request as it came: the call ({@code work}, {@code output}...), its query and body, and when. */
    record Request(String call, String query, byte[] body, Instant at) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Queue<Work> work = new ConcurrentLinkedQueue<>();
    private final Set<String> toStop = ConcurrentHashMap.newKeySet();
    private final Map<String, Deque<Integer>> nextAnswers = new ConcurrentHashMap<>();
    private final Map<String, ByteArrayOutputStream> output = new ConcurrentHashMap<>();

    private FakeRunnerService(int port) throws IOException {
        this(port, null);
    }

    /** @param tls null: plain HTTP */
    private FakeRunnerService(int port, SSLContext tls) throws IOException {
        if (tls == null) {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } else {
            HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = https;
        }
        server.createContext("/api/v1/agents/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    /** On a free port. */
    static FakeRunnerService start() throws IOException {
        return new FakeRunnerService(0);
    }

    /** On a port the agent was told of before there was anyone to answer there. */
    static FakeRunnerService startOn(int port) throws IOException {
        return new FakeRunnerService(port);
    }

    /** Over HTTPS, with the certificate of this TLS context. */
    static FakeRunnerService startTls(SSLContext tls) throws IOException {
        return new FakeRunnerService(0, tls);
    }

    URI uri() {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort());
    }

    void handOut(Work next) {
        work.add(next);
    }

    /** The heartbeats from now on tell the agent to stop this attempt. */
    void stop(String attemptId) {
        toStop.add(attemptId);
    }

    /** The next calls of this kind are answered with these statuses, in order; later ones as runner-service would. */
    void answerNext(String call, Integer... statuses) {
        nextAnswers.computeIfAbsent(call, c -> new ArrayDeque<>()).addAll(List.of(statuses));
    }

    List<Request> requestsOf(String call) {
        return requests.stream().filter(r -> r.call().equals(call)).toList();
    }

    /** The output of an attempt as far as it was taken. */
    String outputOf(String attemptId) {
        ByteArrayOutputStream bytes = output.get(attemptId);
        return bytes == null ? "" : bytes.toString(StandardCharsets.UTF_8);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String call = path.substring(path.lastIndexOf('/') + 1);
            byte[] body = exchange.getRequestBody().readAllBytes();
            requests.add(new Request(call, exchange.getRequestURI().getQuery(), body, Instant.now()));
            Integer scripted = nextAnswer(call);
            if (scripted != null && scripted >= 300) {
                respond(exchange, scripted, "{\"title\": \"scripted by the test\"}");
                return;
            }
            switch (call) {
                case "work" -> {
                    Work next = work.poll();
                    if (next == null) {
                        sleep(50); // a short long poll: the agent asks again at once
                        respond(exchange, 204, null);
                    } else {
                        respond(exchange, 200, EngineClient.JSON.writeValueAsString(next));
                    }
                }
                case "heartbeat" -> {
                    Hello hello = EngineClient.JSON.readValue(body, Hello.class);
                    respond(exchange, 200, EngineClient.JSON.writeValueAsString(new HeartbeatReply(
                            hello.running().stream().filter(toStop::contains).toList())));
                }
                case "output" -> {
                    String attemptId = queryValue(exchange, "attempt");
                    long offset = Long.parseLong(queryValue(exchange, "offset"));
                    ByteArrayOutputStream taken = output.computeIfAbsent(attemptId, id -> new ByteArrayOutputStream());
                    synchronized (taken) {
                        if (offset != taken.size()) {
                            respond(exchange, 400, "{\"detail\": \"a part from " + offset + " would leave a gap\"}");
                            return;
                        }
                        taken.write(body);
                    }
                    respond(exchange, 204, null);
                }
                default -> respond(exchange, 204, null);
            }
        }
    }

    private Integer nextAnswer(String call) {
        Deque<Integer> answers = nextAnswers.get(call);
        return answers == null ? null : answers.poll();
    }

    private static String queryValue(HttpExchange exchange, String name) {
        for (String pair : exchange.getRequestURI().getQuery().split("&")) {
            if (pair.startsWith(name + "=")) {
                return java.net.URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        throw new IllegalArgumentException("no " + name + " in " + exchange.getRequestURI());
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        if (json == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
