package io.mflow.platform.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DefaultOAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthentication;

/**
 * Makes a caller of a JWT from the SSO issuer, with the user's name, roles and e-mail taken from configurable
 * claims, into the same principal an API token gives (attributes {@code name} and {@code email}), so nothing
 * downstream tells them apart. Roles the claim names that mflow does not know are ignored.
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
        List<GrantedAuthority> authorities = new ArrayList<>();
        for (String value : values(jwt.getClaims().get(oidc.rolesClaim()))) {
            Role.parse(value).ifPresent(role -> authorities.add(new SimpleGrantedAuthority(role.authority())));
        }
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("name", name);
        String email = jwt.getClaimAsString(oidc.emailClaim());
        if (email != null) {
            attributes.put(Caller.EMAIL, email);
        }
        // Marks a single sign-on caller: a local user of the same name is someone else.
        attributes.put(Caller.ISSUER, String.valueOf(jwt.getIssuer()));
        var principal = new DefaultOAuth2AuthenticatedPrincipal(name, attributes, authorities);
        var token = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, jwt.getTokenValue(), jwt.getIssuedAt(),
                jwt.getExpiresAt());
        return new BearerTokenAuthentication(principal, token, authorities);
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
