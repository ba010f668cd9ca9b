package io.mflow.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher starts again a service that dies under it, as docker-compose's {@code restart: unless-stopped} does. */
class SupervisionIT {

    @TempDir
    static Path dir;

    static Engine engine;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** One engine for both: each test kills a different service. */
    @BeforeAll
    static void start() throws Exception {
        Path home = Path.of(System.getProperty("mflow.home", "..")).toAbsolutePath().normalize();
        engine = Engine.start(EngineSettings.defaults(home).shifted(12_000, dir.resolve("data")));
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void aServiceKilledFromOutsideBecomesHealthyAgainByItself() throws Exception {
        long killed = engine.pid(Service.RUNNER).orElseThrow();

        ProcessHandle runner = ProcessHandle.of(killed).orElseThrow();
        runner.destroyForcibly();
        runner.onExit().join();

        // the backoff's first second, then a JVM start: well under the two minutes
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> engine.pid(Service.RUNNER).orElse(killed) != killed && isHealthy(Service.RUNNER));
        assertThat(engine.pid(Service.RUNNER).orElseThrow()).isNotEqualTo(killed);
    }

    @Test
    void aServiceKilledThroughTheEngineStaysDownUntilItIsRestarted() throws Exception {
        engine.kill(Service.NOTIFY);
        Thread.sleep(5_000); // longer than the first delays of the backoff: a start again would have begun

        assertThat(engine.pid(Service.NOTIFY)).isEmpty();
        assertThat(isHealthy(Service.NOTIFY)).isFalse();
        engine.restart(Service.NOTIFY);
        assertThat(isHealthy(Service.NOTIFY)).isTrue();
    }

    /** Health answers anyone: no token. */
    private boolean isHealthy(Service service) throws InterruptedException {
        URI health = engine.baseUri(service).resolve("/actuator/health");
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"UP\"");
        } catch (IOException notListening) {
            return false;
        }
    }
}
