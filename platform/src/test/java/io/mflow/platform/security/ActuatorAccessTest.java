package io.mflow.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who sees what of the actuator: health for anyone (details for admins), Prometheus for viewers, the rest for admins. */
class ActuatorAccessTest {

    @Test
    void healthAnswersAnyoneWithItsStatusOnlyAndPrometheusWantsAViewer() {
        try (SampleService service = SampleService.start(List.of(SingleSignOnTest.ApiTokens.class))) {
            HttpResponse<String> health = service.get("/actuator/health", null);
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"UP\"").doesNotContain("components", "diskSpace");
            assertThat(service.get("/actuator/health/liveness", null).statusCode()).isEqualTo(200);

            assertThat(service.get("/actuator/prometheus", null).statusCode()).isEqualTo(401);
            HttpResponse<String> scrape = service.get("/actuator/prometheus", SingleSignOnTest.ApiTokens.DORA);
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.body()).contains("jvm_memory_used_bytes");
            assertThat(service.get("/actuator/env", SingleSignOnTest.ApiTokens.DORA).statusCode())
                    .as("a developer is no admin").isEqualTo(403);
        }
    }

    @Test
    void prometheusIsOpenOnASeparateManagementPort() throws Exception {
        int management = freePort();
        try (SampleService service = SampleService.start(List.of(SingleSignOnTest.ApiTokens.class),
                "management.server.port=" + management, "management.server.address=127.0.0.1")) {
            HttpResponse<String> scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + management + "/actuator/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.body()).contains("jvm_memory_used_bytes");
            assertThat(service.get("/whoami", null).statusCode()).as("the API still wants a token").isEqualTo(401);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
