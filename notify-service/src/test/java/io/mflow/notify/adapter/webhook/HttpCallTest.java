package io.mflow.notify.adapter.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.mflow.notify.domain.DeliveryResult;
import io.mflow.platform.net.OutboundAddresses;
import io.mflow.schemas.sealed.SealedPlace;
import io.mflow.schemas.sealed.SealedValues;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A receiver that answers too much or too slowly, as a hostile team member would set one up, against a real socket. */
class HttpCallTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    private HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final HttpCall call = new HttpCall(OutboundAddresses.allowing("127.0.0.0/8"),
            new SealedValues(SealedValues.newKey()), TIMEOUT, 8);
    /** How many body bytes the receiver managed to write before its writes failed. */
    private final AtomicInteger written = new AtomicInteger();
    private final CompletableFuture<IOException> writeFailed = new CompletableFuture<>();
    /** The Host header of every request that reached {@code /hook}. */
    private final List<String> hosts = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/huge", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] chunk = new byte[8 * 1024];
            Arrays.fill(chunk, (byte) 'x');
            exchange.sendResponseHeaders(200, 64L * 1024 * 1024);
            write(exchange.getResponseBody(), chunk, 8 * 1024, Duration.ZERO);
            exchange.close();
        });
        server.createContext("/dribble", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, 300);
            write(exchange.getResponseBody(), new byte[] {'x'}, 300, Duration.ofMillis(200));
            exchange.close();
        });
        server.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            hosts.add(exchange.getRequestHeaders().getFirst("Host"));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    private void write(OutputStream out, byte[] chunk, int times, Duration pause) {
        try {
            for (int i = 0; i < times; i++) {
                out.write(chunk);
                out.flush();
                written.addAndGet(chunk.length);
                Thread.sleep(pause.toMillis());
            }
        } catch (IOException e) {
            writeFailed.complete(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @AfterEach
    void stop() {
        server.stop(0);
        threads.shutdownNow();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private DeliveryResult post(String path, AtomicReference<HttpCall.Reply> seen) {
        return call.post(url(path), url(path), "{}".getBytes(), Map.of(), Map.of(), TIMEOUT, reply -> {
            seen.set(reply);
            return DeliveryResult.answered(reply.status(), reply.body(), reply.millis());
        });
    }

    /**
     * A developer who can edit a stored pipeline moves another team's sealed Authorization header onto a webhook of
     * their own: it was sealed for the other webhook's url and does not open for theirs, so nothing is sent.
     */
    @Test
    void aHeaderSealedForAnotherWebhookIsNotSent() throws Exception {
        SealedValues sealed = new SealedValues(SealedValues.newKey());
        List<String> authorizations = new CopyOnWriteArrayList<>();
        server.createContext("/mine", exchange -> {
            exchange.getRequestBody().readAllBytes();
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        String theirs = sealed.seal("Bearer their-robot-token",
                SealedPlace.webhookHeader("https://hooks.example.com/theirs", "Authorization"));
        String own = sealed.seal("Bearer mine", SealedPlace.webhookHeader(url("/mine"), "Authorization"));
        try (HttpCall mine = new HttpCall(OutboundAddresses.allowing("127.0.0.0/8"), sealed, TIMEOUT, 8)) {
            DeliveryResult moved = mine.post(url("/mine"), url("/mine"), "{}".getBytes(),
                    Map.of("Authorization", theirs), Map.of(), TIMEOUT,
                    reply -> DeliveryResult.answered(reply.status(), reply.body(), reply.millis()));
            assertThat(moved.success()).isFalse();
            assertThat(moved.retryable()).isFalse();
            assertThat(moved.error()).contains("could not be opened").doesNotContain("their-robot-token");
            assertThat(authorizations).as("nothing was sent").isEmpty();

            DeliveryResult sent = mine.post(url("/mine"), url("/mine"), "{}".getBytes(), Map.of("Authorization", own),
                    Map.of(), TIMEOUT, reply -> DeliveryResult.answered(reply.status(), reply.body(), reply.millis()));
            assertThat(sent.success()).isTrue();
            assertThat(authorizations).containsExactly("Bearer mine");
        }
    }

    @Test
    void ofAHugeReplyOnlyTheFirst64KiBAreReadAndTheConnectionIsClosed() throws Exception {
        AtomicReference<HttpCall.Reply> seen = new AtomicReference<>();

        DeliveryResult result = post("/huge", seen);

        assertThat(result.success()).isTrue();
        assertThat(seen.get().body()).hasSize(HttpCall.REPLY_LIMIT);
        // the receiver meant to send 64 MiB: its writes fail once the client has closed the connection
        assertThat(writeFailed.get(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(written.get()).isLessThan(16 * 1024 * 1024);
    }

    @Test
    void aReceiverThatDribblesItsReplyIsCutAtTheDeadlineAndTheAttemptIsWorthRetrying() throws Exception {
        long start = System.nanoTime();

        DeliveryResult result = post("/dribble", new AtomicReference<>());

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        // the whole reply would take 60 s; the call ends at its 1 s deadline, not at the last byte
        assertThat(took).isLessThan(Duration.ofMillis(2500));
        assertThat(result.success()).isFalse();
        assertThat(result.retryable()).isTrue();
        assertThat(result.error()).isEqualTo("the reply was not read to its end within 1000 ms");
        assertThat(writeFailed.get(10, TimeUnit.SECONDS)).as("the connection is closed").isNotNull();
        assertThat(written.get()).isLessThan(300);
    }

    @Test
    void aNameThatDoesNotResolveIsNotCalledAndIsTriedAgainLater() {
        // .invalid never resolves (RFC 6761): the client is not left to resolve it again on its own
        DeliveryResult result = call.post("http://hooks.mflow.invalid/hook", "http://hooks.mflow.invalid/hook", "{}".getBytes(), Map.of(), Map.of(),
                TIMEOUT, reply -> { throw new AssertionError("no request was to be made"); });

        assertThat(result.success()).isFalse();
        assertThat(result.retryable()).isTrue();
        assertThat(result.error()).isEqualTo("calls to hooks.mflow.invalid are refused: the name does not resolve");
    }

    @Test
    void aNameThatRebindsToAnInternalAddressAfterTheCheckIsNotConnectedTo() throws Exception {
        // the attacker's DNS answers the check with a public address and the connection with loopback
        AtomicInteger lookups = new AtomicInteger();
        OutboundAddresses rebinding = new OutboundAddresses(List.of(), host -> {
            if (!host.equals("hooks.rebind.test")) {
                throw new UnknownHostException(host);
            }
            return new InetAddress[] {InetAddress.getByName(
                    lookups.getAndIncrement() == 0 ? "93.184.215.14" : "127.0.0.1")};
        });
        try (HttpCall rebound = new HttpCall(rebinding, new SealedValues(SealedValues.newKey()), TIMEOUT, 8)) {
            DeliveryResult result = rebound.post("http://hooks.rebind.test/hook", "http://hooks.rebind.test:" + server.getAddress().getPort()
                    + "/hook", "{}".getBytes(), Map.of(), Map.of(), TIMEOUT,
                    reply -> { throw new AssertionError("no request was to be made"); });

            assertThat(result.isRefusal()).isTrue();
            assertThat(result.error()).startsWith("calls to hooks.rebind.test (127.0.0.1) are refused");
        }
        assertThat(hosts).as("nothing reached the internal receiver").isEmpty();
    }

    @Test
    void theConnectionGoesToTheCheckedAddressAndTheRequestKeepsTheName() throws Exception {
        OutboundAddresses pinned = new OutboundAddresses(List.of("127.0.0.0/8"), host -> {
            if (!host.equals("hooks.pinned.test")) {
                throw new UnknownHostException(host); // the system's DNS knows no such name
            }
            return new InetAddress[] {InetAddress.getByName("127.0.0.1")};
        });
        int port = server.getAddress().getPort();
        try (HttpCall call = new HttpCall(pinned, new SealedValues(SealedValues.newKey()), TIMEOUT, 8)) {
            DeliveryResult result = call.post("http://hooks.pinned.test/hook", "http://hooks.pinned.test:" + port + "/hook", "{}".getBytes(),
                    Map.of(), Map.of(), TIMEOUT, reply -> DeliveryResult.answered(reply.status(), reply.body(),
                            reply.millis()));

            assertThat(result.success()).isTrue();
        }
        assertThat(hosts).containsExactly("hooks.pinned.test:" + port);
    }
}
