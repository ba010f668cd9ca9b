package io.mflow.platform.security;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthentication;

/**
 * Makes a caller of a JWT from the SSO issuer, with the user's name, roles and e-mail taken from configurable
 * claims, into the same principal an API token gives (attributes {@code name} and {@code email}), so nothing
 * downstream tells them apart. A role is granted only by a claim value that is its name exactly ({@code ADMIN});
 * every other value is ignored, {@code admin}, {@code ADMIN } and {@code mflow-admin} too: an issuer may let users
 * make groups of their own, and one that differs from {@code ADMIN} by letter case or a space is not that group.
 * {@code AGENT} is never granted so: an agent is an API token an admin made and bound to the work it may take.
 */
final class OidcCallers implements Converter<Jwt, AbstractAuthenticationToken> {

    private final SecurityProperties.Oidc oidc;

    OidcCallers(SecurityProperties.Oidc oidc) {
        this.oidc = oidc;
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        String name = jwt.getClaimAsString(oidc.nameClaim());
        if (name == null || name.isBlank()) {
            name = jwt.getSubject();
        }
        if (name == null || name.isBlank()) {
            throw new InvalidBearerTokenException("the token names no user: it has neither " + oidc.nameClaim()
                    + " nor sub");
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String value : values(jwt.getClaims().get(oidc.rolesClaim()))) {
            Arrays.stream(Role.values()).filter(role -> role != Role.AGENT && role.name().equals(value))
                    .forEach(roles::add);
        }
        // The issuer marks a single sign-on caller: a local user of the same name is someone else.
        OAuth2AuthenticatedPrincipal principal = new Caller(name, jwt.getClaimAsString(oidc.emailClaim()), roles)
                .toPrincipal(String.valueOf(jwt.getIssuer()));
        var token = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, jwt.getTokenValue(), jwt.getIssuedAt(),
                jwt.getExpiresAt());
        return new BearerTokenAuthentication(principal, token, principal.getAuthorities());
    }

    /** Issuers send roles as a list or as one string, separated by spaces (as OAuth scopes are) or commas. */
    private static Collection<String> values(Object claim) {
        if (claim instanceof Collection<?> many) {
            return many.stream().map(String::valueOf).toList();
        }
        if (claim instanceof String one) {
            return List.of(one.trim().split("[\\s,]+"));
        }
        return List.of();
    }
}
