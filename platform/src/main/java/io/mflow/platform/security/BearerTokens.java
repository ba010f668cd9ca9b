package io.mflow.platform.security;

import java.net.URI;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderInitializationException;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.OpaqueTokenAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.web.client.RestOperations;

/**
 * Checks the token a caller sent. With SSO configured, a JWT (three dot-separated parts) is checked against the
 * issuer's keys; anything else, and every token without SSO, is an API token ({@code mflow_...}, no dots) for the
 * {@link OpaqueTokenIntrospector}. A bad token throws an {@code InvalidBearerTokenException} (401); a checker that
 * cannot answer, because task-service or the issuer is away, throws {@link AuthenticationServiceException} (503).
 */
final class BearerTokens implements AuthenticationManager {

    private final AuthenticationProvider apiTokens;
    private final AuthenticationProvider jwts;

    private BearerTokens(AuthenticationProvider apiTokens, AuthenticationProvider jwts) {
        this.apiTokens = apiTokens;
        this.jwts = jwts;
    }

    /** @param http how the issuer is asked for its configuration and keys (with timeouts) */
    static BearerTokens of(OpaqueTokenIntrospector introspector, SecurityProperties.Oidc oidc, RestOperations http) {
        AuthenticationProvider apiTokens = new OpaqueTokenAuthenticationProvider(introspector);
        if (oidc.issuerUri() == null) {
            return new BearerTokens(apiTokens, apiTokens);
        }
        JwtAuthenticationProvider jwts = new JwtAuthenticationProvider(issuer(oidc.issuerUri(), http));
        jwts.setJwtAuthenticationConverter(new OidcCallers(oidc));
        return new BearerTokens(apiTokens, jwts);
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String token = ((BearerTokenAuthenticationToken) authentication).getToken();
        boolean jwt = token.chars().filter(c -> c == '.').count() == 2;
        return (jwt ? jwts : apiTokens).authenticate(authentication);
    }

    /**
     * The issuer's keys, found through its discovery document on first use and again after each failure, so a
     * service starts, and recovers, while the issuer is away. Spring's SupplierJwtDecoder reports that failure
     * with an exception that is no JwtException, which would escape the filter chain as a 500; as a JwtException
     * that is not a BadJwtException, it becomes the 503 of a checker that cannot answer.
     */
    private static JwtDecoder issuer(URI issuerUri, RestOperations http) {
        String issuer = issuerUri.toString();
        JwtDecoder lazy = new SupplierJwtDecoder(() -> NimbusJwtDecoder.withIssuerLocation(issuer)
                .restOperations(http).build());
        return token -> {
            try {
                return lazy.decode(token);
            } catch (JwtDecoderInitializationException away) {
                Throwable cause = away.getCause() != null ? away.getCause() : away;
                throw new JwtException("the SSO issuer " + issuer + " did not answer: " + cause.getMessage(), away);
            }
        };
    }
}
