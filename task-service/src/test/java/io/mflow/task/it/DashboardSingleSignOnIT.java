package io.mflow.task.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * "Sign in with SSO" through the OIDC authorization-code flow, with an issuer on a port of its own: its discovery
 * document, keys, sign-in page (which signs in whoever the test says) and token endpoint. The session then holds the
 * issuer's access token, and the roles claim in it decides which pages and buttons the person gets.
 */
class DashboardSingleSignOnIT extends TaskServiceHarness {

    private static final String AUDIENCE = "mflow";
    private static final String CLIENT_ID = "mflow-dashboard";
    private static final String CLIENT_SECRET = "dashboard-secret";
    private static final Issuer ISSUER = Issuer.start();

    @DynamicPropertySource
    static void singleSignOn(DynamicPropertyRegistry registry) {
        registry.add("mflow.security.oidc.issuer-uri", ISSUER::uri);
        registry.add("mflow.security.oidc.audience", () -> AUDIENCE);
        registry.add("mflow.dashboard.sso.client-id", () -> CLIENT_ID);
        registry.add("mflow.dashboard.sso.client-secret", () -> CLIENT_SECRET);
    }

    /** The whole flow as a browser goes through it: our button, the issuer's page, back with a code, signed in. */
    private HttpResponse<String> signInThroughSso(DashboardSession browser, String startAt) {
        HttpResponse<String> login = browser.get("/login");
        assertThat(login.body()).contains("Sign in with SSO", "href=\"/oauth2/authorization/sso\"");
        HttpResponse<String> toIssuer = browser.get("/oauth2/authorization/sso");
        assertThat(toIssuer.statusCode()).as(toIssuer.body()).isEqualTo(302);
        assertThat(DashboardSession.locationOf(toIssuer)).startsWith(ISSUER.uri() + "/authorize?");
        HttpResponse<String> back = browser.get(DashboardSession.locationOf(toIssuer));
        assertThat(back.statusCode()).as(back.body()).isEqualTo(302);
        String home = "http://127.0.0.1:" + port;
        assertThat(DashboardSession.locationOf(back)).as(startAt).startsWith(home + "/login/oauth2/code/sso?code=");
        return browser.get(DashboardSession.locationOf(back).substring(home.length()));
    }

    @Test
    void anSsoViewerSignsInAndTheirRolesDecideWhatTheyGet() {
        ISSUER.nextSignIn("sue", "VIEWER", AUDIENCE);
        DashboardSession browser = new DashboardSession(uri("/"));

        HttpResponse<String> signedIn = signInThroughSso(browser, "/");

        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(302);
        assertThat(DashboardSession.locationOf(signedIn)).endsWith("/");
        HttpResponse<String> home = browser.get("/");
        assertThat(home.statusCode()).as(home.body()).isEqualTo(200);
        assertThat(home.body()).contains("sue").doesNotContain("href=\"/admin/users\"");
        assertThat(browser.get("/admin/users").statusCode()).isEqualTo(403);
        HttpResponse<String> tokens = browser.get("/tokens");
        assertThat(tokens.statusCode()).isEqualTo(200);
        assertThat(tokens.body()).contains("signed in through SSO").doesNotContain("id=\"new-token\"");
        assertThat(browser.post("/tokens", "name", "sneaky").statusCode()).isEqualTo(403);
        assertThat(home.body()).doesNotContain(ISSUER.lastAccessToken);
    }

    @Test
    void anSsoAdminGetsTheAdminPagesAndComesBackToThePageTheyAskedFor() {
        ISSUER.nextSignIn("ada", "ADMIN", AUDIENCE);
        DashboardSession browser = new DashboardSession(uri("/"));
        HttpResponse<String> asked = browser.get("/admin/users");
        assertThat(asked.statusCode()).isEqualTo(302);
        assertThat(DashboardSession.locationOf(asked)).endsWith("/login");

        HttpResponse<String> signedIn = signInThroughSso(browser, "/admin/users");

        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(DashboardSession.locationOf(signedIn)).endsWith("/admin/users");
        HttpResponse<String> users = browser.get("/admin/users");
        assertThat(users.statusCode()).as(users.body()).isEqualTo(200);
        assertThat(users.body()).contains("href=\"/admin/users\"", "id=\"new-user\"", "ada");
    }

    @Test
    void anAccessTokenMadeForAnotherApplicationSignsNobodyIn() {
        ISSUER.nextSignIn("eve", "ADMIN", "some-other-app");
        DashboardSession browser = new DashboardSession(uri("/"));

        HttpResponse<String> refused = signInThroughSso(browser, "/");

        assertThat(refused.statusCode()).isEqualTo(302);
        assertThat(DashboardSession.locationOf(refused)).endsWith("/login?ssoFailed");
        assertThat(browser.get("/login?ssoFailed").body()).contains("did not succeed");
        assertThat(browser.get("/admin/users").statusCode()).isEqualTo(302);
    }

    /** An OIDC issuer that signs in whoever {@link #nextSignIn} names, for the dashboard's client only. */
    private static final class Issuer {
        private final HttpServer server;
        private final RSAKey key;
        private final Map<String, Map<String, String>> codes = new ConcurrentHashMap<>();
        private volatile String[] next;
        volatile String lastAccessToken = "none yet";

        private Issuer(HttpServer server, RSAKey key) {
            this.server = server;
            this.key = key;
        }

        static Issuer start() {
            try {
                RSAKey key = new RSAKeyGenerator(2048).keyID("sso-key").generate();
                HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
                Issuer issuer = new Issuer(server, key);
                server.createContext("/.well-known/openid-configuration", issuer::discovery);
                server.createContext("/jwks", exchange -> respond(exchange, 200,
                        new JWKSet(key.toPublicJWK()).toString()));
                server.createContext("/authorize", issuer::authorize);
                server.createContext("/token", issuer::token);
                server.start();
                return issuer;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        String uri() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        /** @param audience what the access token's {@code aud} names */
        void nextSignIn(String name, String role, String audience) {
            next = new String[] {name, role, audience};
        }

        private void discovery(HttpExchange exchange) throws IOException {
            respond(exchange, 200, JSON.writeValueAsString(Map.of("issuer", uri(),
                    "authorization_endpoint", uri() + "/authorize", "token_endpoint", uri() + "/token",
                    "jwks_uri", uri() + "/jwks", "response_types_supported", List.of("code"),
                    "subject_types_supported", List.of("public"),
                    "id_token_signing_alg_values_supported", List.of("RS256"))));
        }

        /** The issuer's sign-in page, already signed in: straight back to the client with a code. */
        private void authorize(HttpExchange exchange) throws IOException {
            Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
            if (!CLIENT_ID.equals(query.get("client_id")) || !"code".equals(query.get("response_type"))) {
                respond(exchange, 400, "{\"error\":\"invalid_request\"}");
                return;
            }
            String code = UUID.randomUUID().toString();
            Map<String, String> grant = new HashMap<>(query);
            grant.put("name", next[0]);
            grant.put("role", next[1]);
            grant.put("audience", next[2]);
            codes.put(code, grant);
            exchange.getResponseHeaders().add("Location", query.get("redirect_uri") + "?code=" + code + "&state="
                    + URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        }

        private void token(HttpExchange exchange) throws IOException {
            String basic = "Basic " + Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET)
                    .getBytes(StandardCharsets.UTF_8));
            Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8));
            Map<String, String> grant = codes.remove(String.valueOf(form.get("code")));
            if (!basic.equals(exchange.getRequestHeaders().getFirst("Authorization")) || grant == null
                    || !"authorization_code".equals(form.get("grant_type"))
                    || !grant.get("redirect_uri").equals(form.get("redirect_uri"))) {
                respond(exchange, 400, "{\"error\":\"invalid_grant\"}");
                return;
            }
            Instant now = Instant.now();
            // the access token is for mflow (aud) and carries the roles; the ID token is for the client
            String access = sign(new JWTClaimsSet.Builder().issuer(uri()).subject("sub-" + grant.get("name"))
                    .audience(grant.get("audience")).claim("preferred_username", grant.get("name"))
                    .claim("roles", List.of(grant.get("role"))).issueTime(Date.from(now))
                    .expirationTime(Date.from(now.plusSeconds(600))).build());
            JWTClaimsSet.Builder id = new JWTClaimsSet.Builder().issuer(uri()).subject("sub-" + grant.get("name"))
                    .audience(CLIENT_ID).claim("preferred_username", grant.get("name")).issueTime(Date.from(now))
                    .expirationTime(Date.from(now.plusSeconds(600)));
            if (grant.get("nonce") != null) {
                id.claim("nonce", grant.get("nonce"));
            }
            lastAccessToken = access;
            respond(exchange, 200, JSON.writeValueAsString(Map.of("access_token", access, "token_type", "Bearer",
                    "expires_in", 600, "scope", grant.getOrDefault("scope", "openid"), "id_token", sign(id.build()))));
        }

        private String sign(JWTClaimsSet claims) {
            try {
                SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                        .type(JOSEObjectType.JWT).build(), claims);
                jwt.sign(new RSASSASigner(key));
                return jwt.serialize();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        private static Map<String, String> form(String encoded) {
            Map<String, String> values = new HashMap<>();
            if (encoded == null || encoded.isEmpty()) {
                return values;
            }
            for (String pair : encoded.split("&")) {
                int eq = pair.indexOf('=');
                values.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
            return values;
        }

        private static void respond(HttpExchange exchange, int status, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        }
    }

}
