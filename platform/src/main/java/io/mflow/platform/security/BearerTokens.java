package io.mflow.platform.security;

import java.net.URI;
import java.util.List;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderInitializationException;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
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
        JwtAuthenticationProvider jwts = new JwtAuthenticationProvider(issuer(oidc.issuerUri(), oidc.audience(), http));
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
    private static JwtDecoder issuer(URI issuerUri, String audience, RestOperations http) {
        String issuer = issuerUri.toString();
        JwtDecoder lazy = new SupplierJwtDecoder(() -> {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withIssuerLocation(issuer).restOperations(http).build();
            decoder.setJwtValidator(accessTokensFor(issuer, audience));
            return decoder;
        });
        return token -> {
            try {
                return lazy.decode(token);
            } catch (JwtDecoderInitializationException away) {
                Throwable cause = away.getCause() != null ? away.getCause() : away;
                throw new JwtException("the SSO issuer " + issuer + " did not answer: " + cause.getMessage(), away);
            }
        };
    }

    /**
     * What a JWT must be besides signed and unexpired: of the issuer, for mflow ({@code aud} names the configured
     * audience, so a token the issuer made for another application is no key to mflow), and an access token.
     * RFC 9068 access tokens ({@code typ: at+jwt}) are accepted beside plain {@code JWT}, since most issuers
     * (Keycloak, Entra ID) mark theirs with no type at all; what marks an ID token then are the claims only an ID
     * token carries ({@link #ID_TOKEN_CLAIMS}). An ID token proves to a client who signed in; sent to mflow it
     * would be a replayed login, not a grant.
     */
    static OAuth2TokenValidator<Jwt> accessTokensFor(String issuer, String audience) {
        JwtTypeValidator types = new JwtTypeValidator("JWT", "at+jwt", "application/at+jwt");
        types.setAllowEmpty(true);
        return JwtValidators.createDefaultWithValidators(types, new JwtIssuerValidator(issuer),
                new JwtAudienceValidator(audience), BearerTokens::notAnIdToken);
    }

    /**
     * OpenID Connect Core 1.0 puts these in ID tokens only; Keycloak also says {@code typ: ID} in the claims. Not
     * {@code auth_time}: Keycloak and others put it in access tokens too.
     */
    static final List<String> ID_TOKEN_CLAIMS = List.of("nonce", "at_hash", "c_hash");

    private static OAuth2TokenValidatorResult notAnIdToken(Jwt jwt) {
        boolean idToken = ID_TOKEN_CLAIMS.stream().anyMatch(jwt::hasClaim) || "ID".equals(jwt.getClaimAsString("typ"));
        return idToken ? OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
                "an ID token is not an access token: send the access token", null))
                : OAuth2TokenValidatorResult.success();
    }
}
