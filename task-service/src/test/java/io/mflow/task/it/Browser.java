package io.mflow.task.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser as far as the dashboard can tell: it keeps cookies, follows no redirect by itself (the tests look at
 * where they point), and posts forms with the CSRF field of the page it last loaded, as a browser posts a form of
 * the page it shows.
 */
final class Browser {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    /** @param cacheControl the Cache-Control header, null without one */
    record Page(int status, String body, String location, String cacheControl) {
    }

    private final String base;
    private final HttpClient http;
    private String csrf;

    Browser(int port) {
        this.base = "http://127.0.0.1:" + port;
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Signs in with a token through the form, as a person would; the answer is the redirect after it. */
    Page signIn(String token) {
        get("/login");
        Page signedIn = post("/login", "token", token);
        assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(302);
        return signedIn;
    }

    /** A path of the dashboard, or a whole address (another server's, where a redirect points). */
    Page get(String path) {
        Page page = send(HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base + path)).GET());
        Matcher field = CSRF.matcher(page.body());
        if (field.find()) {
            csrf = field.group(1);
        }
        return page;
    }

    /** A form post with the CSRF field of the last page; {@code fields} are name, value, name, value ... */
    Page post(String path, String... fields) {
        return postWithCsrf(csrf, path, fields);
    }

    /** A form post with the CSRF field given (null: none), as a forged form would send it. */
    Page postWithCsrf(String csrf, String path, String... fields) {
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i + 1 < fields.length; i += 2) {
            pairs.add(encode(fields[i]) + "=" + encode(fields[i + 1]));
        }
        if (csrf != null) {
            pairs.add("_csrf=" + encode(csrf));
        }
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(pairs.stream().collect(Collectors.joining("&")))));
    }

    private Page send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Page(response.statusCode(), response.body(),
                    response.headers().firstValue("Location").orElse(null),
                    response.headers().firstValue("Cache-Control").orElse(null));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
