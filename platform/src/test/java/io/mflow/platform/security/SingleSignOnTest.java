package io.mflow.platform.security;

import static io.mflow.platform.security.SampleService.assertProblem;
import static io.mflow.platform.security.SampleService.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DefaultOAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import tools.jackson.databind.json.JsonMapper;

/**
 * Single sign-on against a real issuer: Spring Authorization Server hands out tokens over HTTP, and a service built
 * on the platform's auto-configuration, told only the issuer's URI and the audience it names mflow by, accepts them
 * as callers with the name, roles and e-mail of their claims, and refuses what a hostile user might send instead:
 * a token for another application, an ID token, role values that only look like mflow's.
 */
class SingleSignOnTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String AUDIENCE = "mflow.security.oidc.audience=" + TestIssuer.AUDIENCE;

    private static TestIssuer issuer;
    private static TestIssuer otherIssuer;
    private static SampleService service;

    @BeforeAll
    static void start() {
        issuer = TestIssuer.start();
        otherIssuer = TestIssuer.start();
        service = SampleService.start(List.of(ApiTokens.class), "mflow.security.oidc.issuer-uri=" + issuer.uri(),
                AUDIENCE);
    }

    @AfterAll
    static void stop() {
        service.close();
        otherIssuer.close();
        issuer.close();
    }

    @Test
    void theCallerIsNamedByTheClaimsOfTheToken() {
        HttpResponse<String> whoAmI = service.get("/whoami", issuer.tokenFor("viewer"));

        assertThat(whoAmI.statusCode()).isEqualTo(200);
        assertThat(callerOf(whoAmI)).isEqualTo(caller("vera", "vera@example.com", Role.VIEWER));
    }

    @Test
    void aViewerIsRefusedWhatOnlyADeveloperMayDo() {
        HttpResponse<String> refused = service.post("/things", issuer.tokenFor("viewer"));

        assertProblem(refused, 403, "urn:mflow:problem:forbidden");
        assertThat(json(refused).get("detail").asString()).isEqualTo("your roles do not allow POST /things");
    }

    @Test
    void aDeveloperMayDoWhatADeveloperMayAndRolesMflowDoesNotKnowAreIgnored() {
        HttpResponse<String> made = service.post("/things", issuer.tokenFor("developer"));

        assertThat(made.statusCode()).isEqualTo(200);
        assertThat(callerOf(made)).isEqualTo(caller("dev", "dev@example.com", Role.DEVELOPER));
    }

    @Test
    void anAdminMayDoWhatTheRolesBelowMayWithRolesSentAsOneString() {
        String admin = issuer.tokenFor("admin");

        assertThat(service.get("/whoami", admin).statusCode()).isEqualTo(200);
        HttpResponse<String> made = service.post("/things", admin);
        assertThat(made.statusCode()).isEqualTo(200);
        assertThat(callerOf(made)).isEqualTo(caller("ada", "ada@example.com", Role.ADMIN));
    }

    @Test
    void aCallerWithoutATokenIsAskedForOne() {
        HttpResponse<String> refused = service.get("/whoami", null);

        assertProblem(refused, 401, "urn:mflow:problem:unauthenticated");
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                value -> assertThat(value).startsWith("Bearer"));
    }

    @Test
    void aTokenOfAnotherIssuerIsRefused() {
        assertRefusedAsBadToken(service.get("/whoami", otherIssuer.tokenFor("admin")));
    }

    @Test
    void aTokenWhoseClaimsWereChangedIsRefused() {
        String[] parts = issuer.tokenFor("viewer").split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String promoted = claims.replace("\"VIEWER\"", "\"ADMIN\"");
        assertThat(promoted).isNotEqualTo(claims);
        String tampered = parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(promoted.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];

        assertRefusedAsBadToken(service.get("/whoami", tampered));
    }

    @Test
    void anExpiredTokenIsRefused() {
        assertRefusedAsBadToken(service.get("/whoami", issuer.tokenFor("expired")));
    }

    @Test
    void anApiTokenStillGoesToTheTokenIntrospector() {
        HttpResponse<String> whoAmI = service.post("/things", ApiTokens.DORA);

        assertThat(whoAmI.statusCode()).isEqualTo(200);
        assertThat(callerOf(whoAmI)).isEqualTo(caller("dora", "dora@example.com", Role.DEVELOPER));
        assertRefusedAsBadToken(service.get("/whoami", "mflow_unknown"));
    }

    @Test
    void theClaimsThatNameTheUserAndListTheirRolesAreConfigurable() {
        try (SampleService readingGroups = SampleService.start(List.of(),
                "mflow.security.oidc.issuer-uri=" + issuer.uri(), AUDIENCE,
                "mflow.security.oidc.name-claim=login", "mflow.security.oidc.roles-claim=groups")) {
            HttpResponse<String> whoAmI = readingGroups.get("/whoami", issuer.tokenFor("grouped"));

            assertThat(whoAmI.statusCode()).isEqualTo(200);
            // the token's roles claim says ADMIN, but this service reads groups
            assertThat(callerOf(whoAmI)).isEqualTo(caller("gus", null, Role.DEVELOPER));
        }
    }

    @Test
    void aTokenTheIssuerMadeForAnotherApplicationIsRefused() {
        assertRefusedAsBadToken(service.get("/whoami", issuer.tokenFor("elsewhere")));
        assertRefusedAsBadToken(service.post("/things", issuer.tokenFor("elsewhere")));
    }

    @Test
    void anIdTokenIsRefused() {
        assertRefusedAsBadToken(service.get("/whoami", issuer.tokenFor("signed-in")));
        assertRefusedAsBadToken(service.get("/settings", issuer.tokenFor("signed-in")));
    }

    @Test
    void anAccessTokenTypedAtJwtIsAccepted() {
        HttpResponse<String> whoAmI = service.get("/whoami", issuer.tokenFor("typed"));

        assertThat(whoAmI.statusCode()).isEqualTo(200);
        assertThat(callerOf(whoAmI)).isEqualTo(caller("tia", null, Role.VIEWER));
    }

    @Test
    void roleValuesThatOnlyLookLikeAdminDoNotMakeAnAdmin() {
        String pretender = issuer.tokenFor("pretender");

        assertProblem(service.get("/settings", pretender), 403, "urn:mflow:problem:forbidden");
        assertProblem(service.post("/things", pretender), 403, "urn:mflow:problem:forbidden");
        assertThat(callerOf(service.get("/whoami", pretender))).isEqualTo(caller("pat", null, Role.VIEWER));
        assertThat(service.get("/settings", issuer.tokenFor("admin")).statusCode()).isEqualTo(200);
    }

    @Test
    void aServiceWithAnIssuerAndNoAudienceRefusesToStartAndSaysWhatToSet() {
        Throwable failure = catchThrowable(() -> SampleService.start(List.of(),
                "mflow.security.oidc.issuer-uri=" + issuer.uri()).close());

        assertThat(failure).hasRootCauseInstanceOf(SecurityProperties.MissingAudienceException.class);
        FailureAnalysis analysis = new MissingAudienceFailureAnalyzer().analyze(failure);
        assertThat(analysis.getDescription()).startsWith("mflow will not start: the SSO issuer " + issuer.uri()
                + " is set but no audience").contains("mflow.security.oidc.audience");
        assertThat(analysis.getAction()).contains("'aud'");
    }

    private static void assertRefusedAsBadToken(HttpResponse<String> refused) {
        assertProblem(refused, 401, "urn:mflow:problem:unauthenticated");
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                value -> assertThat(value).startsWith("Bearer").contains("error=\"invalid_token\""));
    }

    private static Caller callerOf(HttpResponse<String> response) {
        return JSON.readValue(response.body(), Caller.class);
    }

    private static Caller caller(String name, String email, Role role) {
        return new Caller(name, email, Set.of(role));
    }

    /** The service's own API tokens, as task-service keeps them: one known token, Dora's. */
    @Configuration(proxyBeanMethods = false)
    static class ApiTokens {

        static final String DORA = "mflow_dora";

        @Bean
        OpaqueTokenIntrospector apiTokenIntrospector() {
            return token -> {
                if (!token.equals(DORA)) {
                    throw new BadOpaqueTokenException("the token is unknown, revoked or expired");
                }
                return new DefaultOAuth2AuthenticatedPrincipal("dora", Map.of("name", "dora", Caller.EMAIL,
                        "dora@example.com"), List.of(new SimpleGrantedAuthority(Role.DEVELOPER.authority())));
            };
        }
    }
}
