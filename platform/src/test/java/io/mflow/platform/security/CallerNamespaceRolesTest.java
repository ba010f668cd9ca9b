package io.mflow.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthentication;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;

class CallerNamespaceRolesTest {

    private static Caller throughAPrincipal(Caller caller) {
        OAuth2AuthenticatedPrincipal principal = caller.toPrincipal(null);
        OAuth2AccessToken token = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "t", null, null);
        return Caller.of(new BearerTokenAuthentication(principal, token, principal.getAuthorities()));
    }

    @Test
    void aDeveloperOfOneNamespaceIsADeveloperThereOnly() {
        Caller wendy = new Caller("wendy", null, Set.of(Role.VIEWER), null, Map.of("web", Role.DEVELOPER));

        assertThat(wendy.is(Role.DEVELOPER, "web")).isTrue();
        assertThat(wendy.is(Role.DEVELOPER, "prod")).isFalse();
        assertThat(wendy.is(Role.DEVELOPER)).as("not a DEVELOPER everywhere").isFalse();
        assertThat(wendy.isSomewhere(Role.DEVELOPER)).isTrue();
        assertThat(wendy.is(Role.ADMIN, "web")).isFalse();
    }

    @Test
    void aGlobalRoleHoldsInEveryNamespace() {
        Caller dora = new Caller("dora", null, Set.of(Role.DEVELOPER));
        assertThat(dora.is(Role.DEVELOPER, "prod")).isTrue();
        assertThat(dora.isSomewhere(Role.DEVELOPER)).isTrue();
        assertThat(new Caller("vic", null, Set.of(Role.VIEWER)).isSomewhere(Role.DEVELOPER)).isFalse();
    }

    @Test
    void namespaceRolesTravelWithTheAuthenticatedPrincipal() {
        Caller wendy = throughAPrincipal(new Caller("wendy", null, Set.of(Role.VIEWER), null,
                Map.of("web", Role.DEVELOPER)));
        assertThat(wendy.namespaceRoles()).containsExactly(Map.entry("web", Role.DEVELOPER));
        assertThat(throughAPrincipal(new Caller("vic", null, Set.of(Role.VIEWER))).namespaceRoles()).isEmpty();
    }
}
