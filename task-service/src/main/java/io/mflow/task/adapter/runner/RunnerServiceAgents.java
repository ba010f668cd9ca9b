package io.mflow.task.adapter.runner;

import io.mflow.task.app.AgentDirectory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** {@code GET /api/v1/agents} of runner-service, with the caller's token. */
public class RunnerServiceAgents implements AgentDirectory {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final URI agents;

    public RunnerServiceAgents(URI runnerService) {
        this.agents = runnerService.resolve("/api/v1/agents");
    }

    @Override
    public Listing list(String authorization) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(agents).timeout(Duration.ofSeconds(10))
                    .header("Authorization", authorization).header("Accept", "application/json").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Listing(response.statusCode(), response.body());
        } catch (java.io.IOException e) {
            return new Listing(503, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Listing(503, null);
        }
    }
}
