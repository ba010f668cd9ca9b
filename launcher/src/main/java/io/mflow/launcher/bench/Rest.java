package io.mflow.launcher.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** task-service's REST API as the benchmark and the chaos run call it: JSON in and out, the admin's token. */
public final class Rest {

    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    public Rest(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /** POSTs {@code body} as JSON; anything but a 2xx is an exception naming the answer. */
    public String post(String path, Object body) throws Exception {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))), path);
    }

    public JsonNode get(String path) throws Exception {
        return json.readTree(send(HttpRequest.newBuilder(base.resolve(path)).GET(), path));
    }

    public String id(String body) {
        return json.readTree(body).get("id").asString();
    }

    private String send(HttpRequest.Builder request, String path) throws Exception {
        HttpResponse<String> response = http.send(request.header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(request.build().method() + " " + path + ": " + response.statusCode() + " "
                    + response.body());
        }
        return response.body();
    }
}
