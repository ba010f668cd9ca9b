package io.mflow.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * task-service answers for runner-service's agents and notify-service's endpoints by asking them with the caller's
 * own token: here the real services, at the addresses the launcher gives task-service.
 */
class ReadsThroughTaskServiceIT {

    @TempDir
    static Path dir;

    static Engine engine;
    static MflowClient admin;

    @BeforeAll
    static void start() throws Exception {
        Path home = Path.of(System.getProperty("mflow.home", "..")).toAbsolutePath().normalize();
        engine = Engine.start(EngineSettings.defaults(home).shifted(17_000, dir.resolve("data")));
        admin = new MflowClient(engine.baseUri(Service.TASK), engine.adminToken());
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void agentsAndEndpointsComeFromTheirServicesWhichDecideWithTheCallersToken() throws Exception {
        assertThat(admin.get("/api/v1/agents").isArray()).isTrue();
        assertThat(admin.get("/api/v1/notify/endpoints").isArray()).isTrue();
        assertThat(admin.status("POST", "/api/v1/notify/endpoints/no-such-endpoint/enable"))
                .as("notify-service's own 404").isEqualTo(404);

        admin.post("/api/v1/users", Map.of("name", "vic", "roles", List.of("VIEWER")), 201);
        String vic = admin.post("/api/v1/users/vic/tokens", Map.of("name", "t"), 201).get("token").asString();
        MflowClient viewer = new MflowClient(engine.baseUri(Service.TASK), vic);
        assertThat(viewer.get("/api/v1/agents").isArray()).isTrue();
        assertThat(viewer.status("GET", "/api/v1/notify/endpoints")).isEqualTo(403);
    }

    @Test
    void whileNotifyServiceIsDownItsEndpointsAreA503AndTheyComeBackWithIt() throws Exception {
        ProcessHandle notify = ProcessHandle.of(engine.pid(Service.NOTIFY).orElseThrow()).orElseThrow();
        notify.destroyForcibly();
        notify.onExit().join();

        // the supervisor starts it again after a back-off and a JVM start: seconds in which it answers nothing
        assertThat(admin.status("GET", "/api/v1/notify/endpoints")).isEqualTo(503);
        assertThat(admin.get("/api/v1/agents").isArray()).as("the rest goes on").isTrue();

        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        int status = 503;
        while (status != 200 && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            status = admin.status("GET", "/api/v1/notify/endpoints");
        }
        assertThat(status).isEqualTo(200);
    }
}
