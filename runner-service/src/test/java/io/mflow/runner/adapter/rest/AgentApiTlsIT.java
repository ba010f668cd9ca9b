package io.mflow.runner.adapter.rest;

import static io.mflow.runner.JobCommandTopics.runJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.mflow.localrunner.agentapi.Finished;
import io.mflow.localrunner.agentapi.Hello;
import io.mflow.localrunner.agentapi.Started;
import io.mflow.localrunner.agentapi.Work;
import io.mflow.runner.JobCommandTopics;
import io.mflow.schemas.Topics;
import io.mflow.schemas.command.RunJob;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * runner-service serves its agent API over TLS when {@code server.ssl.*} is set (Spring Boot's own settings), with a
 * PKCS12 keystore the test makes with the JDK's keytool. An agent client that trusts that certificate, as the agent
 * does with {@code --ca-cert} (a TrustManager over the PEM file, no other CA), takes an attempt, reports its start and
 * end over HTTPS, and the attempt succeeds; a client that does not trust it fails the handshake before its token is
 * sent.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "mflow.kafka.topic-partitions=1",
        "mflow.runner.agents.poll-wait=2s",
        "server.ssl.key-store-type=PKCS12",
        "server.ssl.key-alias=runner",
        "logging.level.org.apache.kafka=WARN",
        "logging.level.kafka=WARN",
        "logging.level.state.change.logger=WARN",
        "logging.level.org.apache.kafka.clients.consumer.internals.ConsumerCoordinator=ERROR"})
@EmbeddedKafka(partitions = 1, topics = {Topics.JOB_COMMANDS, Topics.JOB_TASK_STATUS_REPORTS, "mflow.job-commands.DLT",
        Topics.JOB_LOGS, Topics.TASK_EVENTS})
class AgentApiTlsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String AGENT_TOKEN = "tls-agent-token";
    private static final String PASSWORD = "changeit";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static MongoServer mongo;
    private static HttpServer tokenService;
    private static Path dir;
    private static JobCommandTopics topics;

    @Value("${local.server.port}")
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        mongo = new MongoServer(new MemoryBackend());
        mongo.enableOplog();
        String uri = mongo.bindAndGetConnectionString();
        dir = Files.createTempDirectory("runner-tls");
        Path keystore = dir.resolve("runner.p12");
        keytool("-genkeypair", "-alias", "runner", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "runner", "-keystore", keystore.toString(), "-storepass", PASSWORD,
                "-file", dir.resolve("runner.pem").toString());
        tokenService = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        tokenService.createContext("/api/v1/me", exchange -> {
            if (!("Bearer " + AGENT_TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.sendResponseHeaders(401, -1);
            } else {
                byte[] body = ("{\"name\": \"tls-agents\", \"roles\": [\"AGENT\"], \"agent\": {\"tags\": [\"tls\"], "
                        + "\"maxConcurrency\": 1, \"untagged\": false}}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        tokenService.start();
        registry.add("spring.mongodb.uri", () -> uri);
        registry.add("mflow.runner.work-dir", () -> dir.resolve("work").toString());
        registry.add("mflow.security.token-service",
                () -> "http://127.0.0.1:" + tokenService.getAddress().getPort());
        registry.add("server.ssl.key-store", keystore::toString);
        registry.add("server.ssl.key-store-password", () -> PASSWORD);
    }

    @BeforeAll
    static void connect(@Autowired EmbeddedKafkaBroker broker) {
        topics = new JobCommandTopics(broker.getBrokersAsString());
    }

    @AfterAll
    static void stop() {
        topics.close();
        tokenService.stop(0);
        mongo.shutdown();
        org.springframework.util.FileSystemUtils.deleteRecursively(dir.toFile());
    }

    @Test
    void anAgentTrustingTheServersCertificateTakesAndReportsAnAttemptOverHttps() throws Exception {
        HttpClient agent = HttpClient.newBuilder().sslContext(trusting(dir.resolve("runner.pem"))).build();
        topics.send(RunJob.newBuilder(runJob("jt-tls", "make test")).setRunnerType("AGENT")
                .setAgentTags(List.of("tls")).build());
        await().atMost(TIMEOUT).until(() -> topics.stagesOf("jt-tls").contains("SCHEDULING"));

        HttpResponse<String> handedOut = await().atMost(TIMEOUT).until(
                () -> post(agent, "work", new Hello(List.of("tls"), "0.1.0", 1, List.of())),
                response -> response.statusCode() == 200);
        Work work = JSON.readValue(handedOut.body(), Work.class);
        assertThat(post(agent, "started", new Started(work.attemptId())).statusCode()).isEqualTo(204);
        assertThat(post(agent, "finished", new Finished(work.attemptId(), 0, Map.of(), null)).statusCode())
                .isEqualTo(204);

        await().atMost(TIMEOUT).until(() -> topics.stagesOf("jt-tls").contains("SUCCEEDED"));
        assertThat(handedOut.uri().getScheme()).isEqualTo("https");
        assertThat(work.attemptId()).isEqualTo("jt-tls#1");
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateFailsTheHandshakeAndPlainHttpIsNotServed() throws Exception {
        HttpClient stranger = HttpClient.newHttpClient();
        assertThatThrownBy(() -> post(stranger, "heartbeat", new Hello(List.of(), "0.1.0", 1, List.of())))
                .isInstanceOf(SSLHandshakeException.class);

        HttpResponse<String> plain = stranger.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/v1/agents")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(plain.statusCode()).as("a TLS port answers plain HTTP with a refusal").isEqualTo(400);
    }

    private HttpResponse<String> post(HttpClient http, String call, Object body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/api/v1/agents/tls-01/"
                        + call)).header("Authorization", "Bearer " + AGENT_TOKEN)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** What the agent's {@code --ca-cert} does: trust the certificates of this PEM file, and no other. */
    private static SSLContext trusting(Path pem) throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trusted.setCertificateEntry("ca-" + i++, certificate);
            }
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        return tls;
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
        String said = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IllegalStateException("keytool " + args[0] + " failed: " + said);
        }
    }
}
