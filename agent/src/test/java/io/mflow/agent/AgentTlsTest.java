package io.mflow.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mflow.localrunner.agentapi.Finished;
import io.mflow.localrunner.agentapi.Work;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent talks to runner-service over HTTPS, trusting the certificate it is given with {@code --ca-cert}: a
 * self-signed one made for the test with the JDK's keytool. Without it, the JVM's CAs do not trust that certificate
 * and the agent sends nothing (its token included) to that server.
 */
class AgentTlsTest {

    private static final String PASSWORD = "changeit";

    @TempDir
    Path dir;
    private FakeRunnerService engine;
    private RemoteAgent agent;

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void anAgentTrustingTheServersCertificateTakesWorkAndReportsOverHttps() throws Exception {
        engine = FakeRunnerService.startTls(serverTls(keystore()));
        engine.handOut(new Work("jt-tls#1", "jt-tls", "pt-1", "echo over tls", List.of(), "token-1", null, null,
                null));

        agent = start("--ca-cert", dir.resolve("runner.pem").toString());

        await().atMost(Duration.ofSeconds(15)).until(() -> !engine.requestsOf("finished").isEmpty());
        Finished finished = EngineClient.JSON.readValue(engine.requestsOf("finished").get(0).body(), Finished.class);
        assertThat(engine.uri().getScheme()).isEqualTo("https");
        assertThat(finished.attemptId()).isEqualTo("jt-tls#1");
        assertThat(finished.exitCode()).isZero();
        assertThat(engine.outputOf("jt-tls#1")).contains("over tls");
    }

    @Test
    void anAgentThatDoesNotTrustTheServersCertificateSendsItNothing() throws Exception {
        engine = FakeRunnerService.startTls(serverTls(keystore()));
        engine.handOut(new Work("jt-tls#1", "jt-tls", "pt-1", "echo over tls", List.of(), "token-1", null, null,
                null));

        agent = start();

        Thread.sleep(3000);
        assertThat(engine.requestsOf("work")).as("no request got past the TLS handshake").isEmpty();
        assertThat(engine.requestsOf("heartbeat")).isEmpty();
    }

    private RemoteAgent start(String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("--server", engine.uri().toString(), "--token",
                "agent-token", "--name", "tls-01", "--work-dir", dir.resolve("jobs").toString(), "--heartbeat", "500ms"));
        args.addAll(List.of(more));
        RemoteAgent started = new RemoteAgent(AgentOptions.parse(args.toArray(String[]::new), Map.of()));
        started.start();
        return started;
    }

    /** A PKCS12 keystore of a self-signed certificate for 127.0.0.1, and its certificate as PEM beside it. */
    private Path keystore() throws Exception {
        Path keystore = dir.resolve("runner.p12");
        keytool("-genkeypair", "-alias", "runner", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "runner", "-keystore", keystore.toString(), "-storepass", PASSWORD,
                "-file", dir.resolve("runner.pem").toString());
        return keystore;
    }

    static void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
        String said = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(said).isZero();
    }

    private static SSLContext serverTls(Path keystore) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory manager = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        manager.init(keys, PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(manager.getKeyManagers(), null, null);
        return tls;
    }
}
