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
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Single sign-on names beside local users at the gates: an issuer on a port of its own signs access tokens for
 * mflow, and whoever the issuer calls {@code alix} is not the local user {@code alix} an admin made, nor the other
 * way round. An SSO caller is {@code alix@<issuer>} wherever task-service compares people.
 */
class SingleSignOnGatesIT extends TaskServiceHarness {

    private static final String AUDIENCE = "mflow";
    private static final Issuer ISSUER = Issuer.start();

    @DynamicPropertySource
    static void singleSignOn(DynamicPropertyRegistry registry) {
        registry.add("mflow.security.oidc.issuer-uri", ISSUER::uri);
        registry.add("mflow.security.oidc.audience", () -> AUDIENCE);
    }

    private Response decide(String jobTaskId, String token, String decision) {
        return call("POST", "/api/v1/job-tasks/" + jobTaskId + "/audit",
                json(Map.of("decision", decision, "comment", "checked")), token);
    }

    /** A single run, as {@code token}'s holder, of a job whose audit lists {@code auditors}. */
    private String runAudited(String jobName, List<String> auditors, String token) {
        Response job = post("/api/v1/jobs", json(Map.of("name", jobName, "runnerSpec", "true",
                "audit", Map.of("auditors", auditors))));
        assertThat(job.status()).as(job.body()).isEqualTo(201);
        Response run = call("POST", "/api/v1/job-tasks", json(Map.of("job", jobName)), token);
        assertThat(run.status()).as(run.body()).isEqualTo(201);
        return run.json().path("id").asString();
    }

    @Test
    void anSsoCallerIsTheirNameAtTheIssuer() {
        Response me = call("GET", "/api/v1/me", null, ISSUER.tokenFor("alix", "VIEWER"));

        assertThat(me.status()).as(me.body()).isEqualTo(200);
        assertThat(me.json().path("name").asString()).isEqualTo("alix");
        assertThat(me.json().path("identity").asString()).isEqualTo("alix@" + ISSUER.uri());
        assertThat(get("/api/v1/me").json().path("identity").asString()).isEqualTo("admin");
    }

    @Test
    void anSsoUserNamedLikeALocalAuditorCannotDecideOrSkipInTheirPlace() {
        String localAlix = userWithToken("alix", "VIEWER");
        String ssoAlix = ISSUER.tokenFor("alix", "DEVELOPER");
        String jt = runAudited("sso-local-gate", List.of("alix"), ADMIN_TOKEN);

        Response impostor = decide(jt, ssoAlix, "PASS");
        assertThat(impostor.status()).as(impostor.body()).isEqualTo(403);
        assertThat(impostor.json().path("detail").asString()).contains("alix@" + ISSUER.uri(), "not among the auditors");
        Response deniedByImpostor = decide(jt, ssoAlix, "DENY");
        assertThat(deniedByImpostor.status()).isEqualTo(403);
        Response skip = call("POST", "/api/v1/job-tasks/" + jt + "/skip", json(Map.of("reason", "I am alix")),
                ssoAlix);
        assertThat(skip.status()).as(skip.body()).isEqualTo(403);
        assertThat(get("/api/v1/job-tasks/" + jt).json().path("audit").path("decisions").size()).isZero();

        Response real = decide(jt, localAlix, "PASS");
        assertThat(real.status()).as(real.body()).isEqualTo(200);
        assertThat(real.json().path("audit").path("stage").asString()).isEqualTo("PASS");
        assertThat(real.json().path("audit").path("decisions").get(0).path("by").asString()).isEqualTo("alix");
    }

    @Test
    void aLocalUserCannotDecideAtAGateThatListsTheSsoUserOfTheirName() {
        String localBea = userWithToken("bea", "DEVELOPER");
        String ssoBea = ISSUER.tokenFor("bea", "VIEWER");
        String ssoBeaIdentity = "bea@" + ISSUER.uri();
        String jt = runAudited("sso-listed-gate", List.of(ssoBeaIdentity), localBea);
        assertThat(get("/api/v1/job-tasks/" + jt).json().path("triggeredBy").asString()).isEqualTo("bea");

        Response impostor = decide(jt, localBea, "PASS");
        assertThat(impostor.status()).as(impostor.body()).isEqualTo(403);
        assertThat(impostor.json().path("detail").asString()).contains("not among the auditors");

        Response real = decide(jt, ssoBea, "PASS");
        assertThat(real.status()).as(real.body()).isEqualTo(200);
        assertThat(real.json().path("audit").path("decisions").get(0).path("by").asString())
                .isEqualTo(ssoBeaIdentity);
    }

    @Test
    void whoStartedARunIsKeptWithTheirIssuerSoFourEyesTellThemApart() {
        String localCyd = userWithToken("cyd", "VIEWER");
        String ssoCyd = ISSUER.tokenFor("cyd", "DEVELOPER");
        String ssoCydIdentity = "cyd@" + ISSUER.uri();
        String jt = runAudited("sso-four-eyes", List.of("cyd", ssoCydIdentity), ssoCyd);
        assertThat(get("/api/v1/job-tasks/" + jt).json().path("triggeredBy").asString()).isEqualTo(ssoCydIdentity);

        Response self = decide(jt, ssoCyd, "PASS");
        assertThat(self.status()).as(self.body()).isEqualTo(403);
        assertThat(self.json().path("detail").asString()).contains("four eyes");
        Response other = decide(jt, localCyd, "PASS");
        assertThat(other.status()).as("the local cyd is another person").isEqualTo(200);
        assertThat(other.json().path("audit").path("stage").asString()).isEqualTo("PASS");
    }

    /** An OIDC issuer: its discovery document and keys over HTTP, and access tokens for mflow signed with them. */
    private static final class Issuer {
        private final HttpServer server;
        private final RSAKey key;

        private Issuer(HttpServer server, RSAKey key) {
            this.server = server;
            this.key = key;
        }

        static Issuer start() {
            try {
                RSAKey key = new RSAKeyGenerator(2048).keyID("test-key").generate();
                HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
                Issuer issuer = new Issuer(server, key);
                String uri = issuer.uri();
                server.createContext("/.well-known/openid-configuration", exchange -> respond(exchange,
                        JSON.writeValueAsString(Map.of("issuer", uri, "jwks_uri", uri + "/jwks",
                                "subject_types_supported", List.of("public"),
                                "id_token_signing_alg_values_supported", List.of("RS256")))));
                server.createContext("/jwks", exchange -> respond(exchange,
                        new JWKSet(key.toPublicJWK()).toString()));
                server.start();
                return issuer;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        private static void respond(com.sun.net.httpserver.HttpExchange exchange, String body)
                throws java.io.IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        }

        String uri() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        String tokenFor(String name, String role) {
            Instant now = Instant.now();
            JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(uri()).subject("sub-" + name).audience(AUDIENCE)
                    .claim("preferred_username", name).claim("roles", List.of(role))
                    .issueTime(Date.from(now)).notBeforeTime(Date.from(now.minusSeconds(5)))
                    .expirationTime(Date.from(now.plusSeconds(600))).build();
            try {
                SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                        .type(JOSEObjectType.JWT).build(), claims);
                jwt.sign(new RSASSASigner(key));
                return jwt.serialize();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
