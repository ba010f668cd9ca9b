package io.mflow.task.it;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * An OIDC issuer on a port of its own: its discovery document and keys, access tokens for mflow signed with them
 * ({@link #tokenFor}), and the authorization-code flow of one client, which signs in whoever {@link #nextSignIn}
 * names, as the issuer's sign-in page would.
 */
final class TestIssuer {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpServer server;
    private final RSAKey key;
    private final String clientId;
    private final String clientSecret;
    private final Map<String, Map<String, String>> codes = new ConcurrentHashMap<>();
    private volatile String[] next;
    volatile String lastAccessToken = "none yet";

    private TestIssuer(HttpServer server, RSAKey key, String clientId, String clientSecret) {
        this.server = server;
        this.key = key;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
    }

    static TestIssuer start(String clientId, String clientSecret) {
        try {
            RSAKey key = new RSAKeyGenerator(2048).keyID("sso-key").generate();
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            TestIssuer issuer = new TestIssuer(server, key, clientId, clientSecret);
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
        if (!clientId.equals(query.get("client_id")) || !"code".equals(query.get("response_type"))) {
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
        String basic = "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + clientSecret)
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
                .audience(clientId).claim("preferred_username", grant.get("name")).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(600)));
        if (grant.get("nonce") != null) {
            id.claim("nonce", grant.get("nonce"));
        }
        lastAccessToken = access;
        respond(exchange, 200, JSON.writeValueAsString(Map.of("access_token", access, "token_type", "Bearer",
                "expires_in", 600, "scope", grant.getOrDefault("scope", "openid"), "id_token", sign(id.build()))));
    }

    /** An access token for mflow, as the issuer hands one to a client signed in as {@code name}. */
    String tokenFor(String name, String role, String audience) {
        Instant now = Instant.now();
        return sign(new JWTClaimsSet.Builder().issuer(uri()).subject("sub-" + name).audience(audience)
                .claim("preferred_username", name).claim("roles", List.of(role))
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now.minusSeconds(5)))
                .expirationTime(Date.from(now.plusSeconds(600))).build());
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
