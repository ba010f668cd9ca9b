package io.mflow.task.it;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser as far as the server can tell: it keeps cookies, follows no redirect by itself (tests look at them), and
 * sends a form's CSRF field as a browser would, read from the page the form is on.
 */
final class DashboardSession {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    private final URI base;
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient http;
    /** The CSRF field of the page last loaded, which a form of that page posts. */
    private String lastCsrf;

    DashboardSession(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Signs in with the login form; answers the sign-in's response (a redirect when the token was taken). */
    HttpResponse<String> signIn(String token) {
        String csrf = csrfOf(get("/login").body());
        return post("/login", Map.of("token", token, "_csrf", csrf));
    }

    DashboardSession signedIn(String token) {
        HttpResponse<String> answer = signIn(token);
        if (answer.statusCode() != 302) {
            throw new IllegalStateException("sign-in refused: " + answer.statusCode());
        }
        return this;
    }

    /** A path of the dashboard, or a whole address (another server's, where a redirect points). */
    HttpResponse<String> get(String path) {
        HttpResponse<String> page = send(HttpRequest.newBuilder(base.resolve(path)).GET());
        Matcher field = CSRF.matcher(page.body());
        if (field.find()) {
            lastCsrf = field.group(1);
        }
        return page;
    }

    /** A form of the page last loaded, posted with its CSRF field; {@code fields} are name, value, name, value... */
    HttpResponse<String> post(String path, String... fields) {
        return postWithCsrf(lastCsrf, path, fields);
    }

    /** A form post with the CSRF field given (null: none), as a forged form would send it. */
    HttpResponse<String> postWithCsrf(String csrf, String path, String... fields) {
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i + 1 < fields.length; i += 2) {
            pairs.add(enc(fields[i]) + "=" + enc(fields[i + 1]));
        }
        if (csrf != null) {
            pairs.add("_csrf=" + enc(csrf));
        }
        return send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(String.join("&", pairs))));
    }

    /** Where a redirect points; null for an answer that is none. */
    static String locationOf(HttpResponse<String> response) {
        return response.headers().firstValue("Location").orElse(null);
    }

    /** Posts a form as the page at {@code formPage} would, with that page's CSRF field. */
    HttpResponse<String> submit(String formPage, String action, Map<String, String> fields) {
        Map<String, String> withCsrf = new LinkedHashMap<>(fields);
        withCsrf.put("_csrf", csrfOf(get(formPage).body()));
        return post(action, withCsrf);
    }

    HttpResponse<String> post(String path, Map<String, String> fields) {
        String form = fields.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    /** A live stream (server-sent events) as the page's EventSource opens it; its body is read as it comes. */
    java.util.concurrent.CompletableFuture<HttpResponse<java.io.InputStream>> stream(String path) {
        return http.sendAsync(HttpRequest.newBuilder(base.resolve(path)).header("Accept", "text/event-stream")
                .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    /** An API call carrying this session's cookie and nothing else. */
    HttpResponse<String> api(String method, String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    CookieManager cookies() {
        return cookies;
    }

    static String csrfOf(String page) {
        Matcher found = CSRF.matcher(page);
        if (!found.find()) {
            throw new IllegalStateException("no CSRF field on the page");
        }
        return found.group(1);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
