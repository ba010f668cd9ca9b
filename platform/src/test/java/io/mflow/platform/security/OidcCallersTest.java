package io.mflow.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

class OidcCallersTest {

    private static final SecurityProperties.Oidc DEFAULT_CLAIMS =
            new SecurityProperties.Oidc(null, null, "preferred_username", "roles", "email");

    @Test
    void nameRolesAndEmailComeFromTheirClaims() {
        Caller caller = callerOf(DEFAULT_CLAIMS, Map.of("preferred_username", "vera", "roles", List.of("VIEWER"),
                "email", "vera@example.com"));

        assertThat(caller).isEqualTo(new Caller("vera", "vera@example.com", Set.of(Role.VIEWER)));
    }

    @Test
    void rolesMayBeOneStringSeparatedBySpacesOrCommas() {
        assertThat(callerOf(DEFAULT_CLAIMS, Map.of("roles", " VIEWER DEVELOPER")).roles())
                .containsExactly(Role.VIEWER, Role.DEVELOPER);
        assertThat(callerOf(DEFAULT_CLAIMS, Map.of("roles", "VIEWER,ADMIN")).roles())
                .containsExactly(Role.VIEWER, Role.ADMIN);
    }

    @Test
    void rolesMflowDoesNotKnowAreIgnored() {
        assertThat(callerOf(DEFAULT_CLAIMS, Map.of("roles", List.of("offline_access", "DEVELOPER", "uma_authorization")))
                .roles()).containsExactly(Role.DEVELOPER);
    }

    @Test
    void onlyARoleNamedExactlyIsGranted() {
        assertThat(callerOf(DEFAULT_CLAIMS, Map.of("roles", List.of("ADMINISTRATOR", "admin ", " ADMIN", "admin",
                "Admin", "mflow-admin", "ADMIN-ish", "developer"))).roles()).isEmpty();
        assertThat(callerOf(DEFAULT_CLAIMS, Map.of("roles", "admin,Developer ADMINISTRATOR")).roles()).isEmpty();
    }

    /**
     * An agent is handed jobs with their secrets; its token is an API token an admin made and bound to the work it
     * may take. An issuer's role claim, which users may be able to shape, never makes one.
     */
    @Test
    void singleSignOnNeverGrantsTheAgentRole() {
        assertThat(callerOf(DEFAULT_CLAIMS, Map.of("roles", List.of("AGENT", "VIEWER"))).roles())
                .containsExactly(Role.VIEWER);
    }

    @Test
    void anIssuerWithoutAnAudienceIsRefused() {
        assertThatThrownBy(() -> new SecurityProperties.Oidc(URI.create("https://sso.example.com/realms/mflow"), " ",
                "preferred_username", "roles", "email"))
                .isInstanceOf(SecurityProperties.MissingAudienceException.class)
                .hasMessage("the SSO issuer https://sso.example.com/realms/mflow is set but no audience");
    }

    @Test
    void aTokenWithoutRolesGivesACallerWithoutRoles() {
        Caller caller = callerOf(DEFAULT_CLAIMS, Map.of("preferred_username", "vera"));

        assertThat(caller.roles()).isEmpty();
        assertThat(caller.is(Role.VIEWER)).isFalse();
    }

    @Test
    void theNameFallsBackToTheSubject() {
        assertThat(callerOf(DEFAULT_CLAIMS, Map.of("roles", List.of("VIEWER"))).name()).isEqualTo("the-subject");
    }

    @Test
    void aTokenThatNamesNoUserIsRefused() {
        Jwt jwt = Jwt.withTokenValue("a.b.c").header("alg", "RS256").claim("roles", "ADMIN").build();

        assertThatThrownBy(() -> new OidcCallers(DEFAULT_CLAIMS).convert(jwt))
                .isInstanceOf(InvalidBearerTokenException.class);
    }

    @Test
    void theClaimNamesAreConfigurable() {
        var custom = new SecurityProperties.Oidc(null, null, "login", "groups", "mail");

        Caller caller = callerOf(custom, Map.of("login", "gus", "groups", List.of("ADMIN"), "mail", "gus@example.com",
                "preferred_username", "not-gus", "roles", List.of("VIEWER"), "email", "not-gus@example.com"));

        assertThat(caller).isEqualTo(new Caller("gus", "gus@example.com", Set.of(Role.ADMIN)));
    }

    @Test
    void anSsoCallerIsComparedByNameAndIssuerAndALocalUserByName() {
        Jwt jwt = Jwt.withTokenValue("a.b.c").header("alg", "RS256").subject("the-subject")
                .issuer("https://sso.example.com/realms/main").claim("preferred_username", "alice")
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(300)).build();
        var sso = new OidcCallers(DEFAULT_CLAIMS).convert(jwt);
        var local = new org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthentication(
                new Caller("alice", null, Set.of(Role.VIEWER)).toPrincipal(null),
                new org.springframework.security.oauth2.core.OAuth2AccessToken(
                        org.springframework.security.oauth2.core.OAuth2AccessToken.TokenType.BEARER, "mflow_x", null,
                        null), List.of());

        assertThat(Caller.of(sso).name()).isEqualTo("alice");
        assertThat(Caller.identityOf(sso)).isEqualTo("alice@https://sso.example.com/realms/main");
        assertThat(Caller.identityOf(local)).isEqualTo("alice");
    }

    private static Caller callerOf(SecurityProperties.Oidc oidc, Map<String, Object> claims) {
        Jwt jwt = Jwt.withTokenValue("a.b.c").header("alg", "RS256").subject("the-subject")
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(300)).claims(all -> all.putAll(claims))
                .build();
        return Caller.of(new OidcCallers(oidc).convert(jwt));
    }
}
