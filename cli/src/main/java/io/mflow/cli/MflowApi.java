package io.mflow.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * task-service's REST API as the command line uses it: JSON in and out with the user's token, and every answer
 * that is not a success turned into a {@link CliFailure} that says in one line what went wrong.
 */
final class MflowApi {

    private static final Duration CONNECT = Duration.ofSeconds(10);
    /** A plain call that takes longer than this has stalled; following a log has no such bound. */
    private static final Duration ANSWER = Duration.ofSeconds(60);

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final String server;
    private final String token;
    private final HttpClient http;

    MflowApi(String server, String token) {
        this.server = Credentials.stripSlash(server);
        this.token = token;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The API as this environment names it; a command that needs a token says how to get one when there is none. */
    static MflowApi signedIn(Map<String, String> env) {
        Credentials credentials = Credentials.of(env);
        if (credentials.token() == null) {
            throw new CliFailure(ExitCodes.NOT_SIGNED_IN, "not signed in: run 'mflow login --server "
                    + credentials.server() + "', or set MFLOW_TOKEN");
        }
        return new MflowApi(credentials.server(), credentials.token());
    }

    String server() {
        return server;
    }

    JsonNode get(String path) {
        return json(send(request(path).GET().build()));
    }

    JsonNode post(String path, Object body) {
        return json(send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build()));
    }

    /** The job's output as the server sends it, chunk by chunk, without holding all of it. */
    void copyText(String path, Consumer<String> out) {
        HttpResponse<InputStream> response = open(request(path).setHeader("Accept", "text/plain").GET().build());
        try (InputStream body = response.body()) {
            java.io.Reader reader = new InputStreamReader(body, StandardCharsets.UTF_8);
            char[] chars = new char[8192];
            for (int n = reader.read(chars); n >= 0; n = reader.read(chars)) {
                out.accept(new String(chars, 0, n));
            }
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.UNREACHABLE, server + " stopped sending: " + e.getMessage());
        }
    }

    /**
     * Follows server-sent events until the stream ends: each event's name (null for a plain message) and data go to
     * {@code events}; comments (keep-alives) do not.
     */
    void follow(String path, ServerSentEvents.Listener events) {
        HttpResponse<InputStream> response = open(request(path).setHeader("Accept", "text/event-stream").GET().build());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            ServerSentEvents parser = new ServerSentEvents(events);
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (parser.line(line)) {
                    return;
                }
            }
            parser.line("");
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.UNREACHABLE, server + " stopped sending: " + e.getMessage());
        }
    }

    static String query(Map<String, ?> params) {
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        params.forEach((name, value) -> {
            if (value != null) {
                query.add(name + "=" + URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8));
            }
        });
        return query.toString();
    }

    static Map<String, Object> params(Object... pairs) {
        Map<String, Object> params = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            params.put((String) pairs[i], pairs[i + 1]);
        }
        return params;
    }

    static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpRequest.Builder request(String path) {
        URI uri;
        try {
            uri = URI.create(server + path);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(ExitCodes.USAGE, "'" + server + "' is no server address such as " + Credentials.DEFAULT_SERVER);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "application/json, application/problem+json");
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    private HttpResponse<String> send(HttpRequest request) {
        HttpResponse<String> response = exchange(HttpRequest.newBuilder(request, (name, value) -> true)
                .timeout(ANSWER).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() >= 300) {
            throw problem(response.statusCode(), response.body());
        }
        return response;
    }

    private HttpResponse<InputStream> open(HttpRequest request) {
        HttpResponse<InputStream> response = exchange(request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() >= 300) {
            String body;
            try (InputStream in = response.body()) {
                body = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
            } catch (IOException e) {
                body = "";
            }
            throw problem(response.statusCode(), body);
        }
        return response;
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            return http.send(request, body);
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new CliFailure(ExitCodes.UNREACHABLE, "cannot reach " + server + " ("
                    + (e instanceof HttpConnectTimeoutException ? "no answer in " + CONNECT.toSeconds() + "s"
                    : "connection refused") + "); is mflow running there?");
        } catch (HttpTimeoutException e) {
            throw new CliFailure(ExitCodes.UNREACHABLE, server + " did not answer in " + ANSWER.toSeconds() + "s");
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.UNREACHABLE, "cannot talk to " + server + ": " + describe(e));
        } catch (IllegalArgumentException e) {
            throw new CliFailure(ExitCodes.USAGE, "cannot call " + server + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(ExitCodes.SOFTWARE, "interrupted");
        }
    }

    private static String describe(IOException e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        if (cause instanceof ConnectException || cause.getCause() instanceof ConnectException) {
            return "connection refused";
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    /** An RFC 9457 body's title and detail; for any other body, its first line. */
    static CliFailure.Problem problem(int status, String body) {
        try {
            JsonNode problem = JSON.readTree(body);
            if (problem != null && problem.isObject()) {
                return new CliFailure.Problem(status, text(problem, "title"), text(problem, "detail"));
            }
        } catch (JacksonException e) {
            // not JSON: a proxy's page, say
        }
        String first = body == null ? "" : body.strip().lines().findFirst().orElse("");
        return new CliFailure.Problem(status, null, first.length() > 200 ? first.substring(0, 200) + "..." : first);
    }

    private static JsonNode json(HttpResponse<String> response) {
        String body = response.body();
        if (body == null || body.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(body);
        } catch (JacksonException e) {
            throw new CliFailure(ExitCodes.REFUSED, "the server's answer is not JSON: "
                    + body.strip().lines().findFirst().orElse(""));
        }
    }

    /** A field as text; null when it is absent or null. */
    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() || value.isContainer() ? null : value.asString();
    }
}
