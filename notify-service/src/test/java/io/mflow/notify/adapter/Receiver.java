package io.mflow.notify.adapter;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP receiver on a random loopback port that remembers every POST. Each path answers as a test scripts
 * it (one answer per request, the last one repeating; {@code {"ok":true}} with 200 by default), hangs, or
 * dribbles: promises a long reply and writes it one byte a second until the caller hangs up.
 */
final class Receiver implements AutoCloseable {

    record Request(String path, String query, Map<String, List<String>> headers, String body, Instant receivedAt) {

        String header(String name) {
            return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name))
                    .map(h -> h.getValue().get(0)).findFirst().orElse(null);
        }
    }

    record Answer(int status, String body) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, List<Answer>> scripts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> served = new ConcurrentHashMap<>();
    private final List<String> hanging = new CopyOnWriteArrayList<>();
    private final List<String> dribbling = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> dribbled = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hungUp = new ConcurrentHashMap<>();

    Receiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            requests.add(new Request(path, exchange.getRequestURI().getRawQuery(),
                    Map.copyOf(exchange.getRequestHeaders()),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), Instant.now()));
            if (hanging.contains(path)) {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (dribbling.contains(path)) {
                dribble(path, exchange);
                return;
            }
            List<Answer> script = scripts.getOrDefault(path, List.of(new Answer(200, "{\"ok\":true}")));
            int n = served.computeIfAbsent(path, p -> new AtomicInteger()).getAndIncrement();
            Answer answer = script.get(Math.min(n, script.size() - 1));
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
    }

    /** The path answers these, one per request, the last one from then on. */
    Receiver answer(String path, Answer... answers) {
        scripts.put(path, List.of(answers));
        return this;
    }

    /** The path answers 200 with a 600-byte body, one byte a second: ten minutes, unless the caller hangs up. */
    Receiver dribble(String path) {
        dribbling.add(path);
        return this;
    }

    private void dribble(String path, com.sun.net.httpserver.HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(200, 600);
        try {
            for (int i = 0; i < 600; i++) {
                exchange.getResponseBody().write('x');
                exchange.getResponseBody().flush();
                dribbled.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
                Thread.sleep(1000);
            }
        } catch (IOException e) {
            hungUp.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            exchange.close();
        }
    }

    /** How many bytes of dribbled replies the path wrote, over all its requests. */
    int dribbledTo(String path) {
        return dribbled.getOrDefault(path, new AtomicInteger()).get();
    }

    /** How many of the path's dribbled replies the caller hung up on. */
    int hungUpOn(String path) {
        return hungUp.getOrDefault(path, new AtomicInteger()).get();
    }

    Receiver hang(String path) {
        hanging.add(path);
        return this;
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    List<Request> requestsTo(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
