package io.mflow.agent;

import io.mflow.localrunner.agentapi.Finished;
import io.mflow.localrunner.agentapi.HeartbeatReply;
import io.mflow.localrunner.agentapi.Hello;
import io.mflow.localrunner.agentapi.Started;
import io.mflow.localrunner.agentapi.Work;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import tools.jackson.databind.DeserializationFeature;
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

    /** A newer runner-service may answer with fields this agent does not know yet. */
    static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private static final Duration LONG_POLL = Duration.ofSeconds(60);

    private final HttpClient http;
    private final AgentOptions options;
    private final URI agentUri;

    EngineClient(AgentOptions options) {
        this.options = options;
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        if (options.caCert() != null) {
            client.sslContext(trusting(options.caCert()));
        }
        this.http = client.build();
        this.agentUri = options.server().resolve("api/v1/agents/" + URLEncoder.encode(options.name(), StandardCharsets.UTF_8) + "/");
    }

    /**
     * TLS that trusts the certificates in this PEM file (runner-service's own, or the CA that signed it) and no
     * other; without {@code --ca-cert} the JVM's trusted CAs are used ({@code -Djavax.net.ssl.trustStore=...} changes
     * them). The host name is checked against the certificate either way.
     */
    static SSLContext trusting(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trusted.setCertificateEntry("ca-" + i++, certificate);
            }
            if (i == 0) {
                throw new IllegalArgumentException("--ca-cert " + pem + " holds no certificate");
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, trust.getTrustManagers(), null);
            return tls;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("--ca-cert " + pem + " cannot be read as PEM certificates: "
                    + e.getMessage(), e);
        }
    }

    private Hello hello(List<String> running) {
        return new Hello(options.tags(), AgentOptions.VERSION, options.concurrency(), running);
    }

    /** Asks for work, waiting on the server's side for some; empty when there is none. */
    Optional<Work> work(List<String> running) throws IOException, InterruptedException {
        HttpResponse<String> response = post("work", hello(running), LONG_POLL);
        return response.statusCode() == 204 ? Optional.empty()
                : Optional.of(JSON.readValue(response.body(), Work.class));
    }

    /** Says it is alive; returns the attempts it must stop. */
    List<String> heartbeat(List<String> running) throws IOException, InterruptedException {
        HeartbeatReply reply = JSON.readValue(post("heartbeat", hello(running), Duration.ofSeconds(20)).body(),
                HeartbeatReply.class);
        return reply.stop() == null ? List.of() : reply.stop();
    }

    void started(String attemptId) throws IOException, InterruptedException {
        post("started", new Started(attemptId), Duration.ofSeconds(20));
    }

    void output(String attemptId, long offset, byte[] bytes) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(agentUri.resolve("output?attempt=" + URLEncoder.encode(attemptId, StandardCharsets.UTF_8)
                        + "&offset=" + offset))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)), Duration.ofSeconds(30));
    }

    void finished(Finished end) throws IOException, InterruptedException {
        post("finished", end, Duration.ofSeconds(20));
    }

    private HttpResponse<String> post(String path, Object body, Duration timeout) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(agentUri.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))), timeout);
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
