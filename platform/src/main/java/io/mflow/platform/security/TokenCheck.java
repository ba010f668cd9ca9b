package io.mflow.platform.security;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/**
 * Who a token belongs to, checked exactly as a bearer token on the API is: an API token by the service that keeps
 * users, a JWT by the SSO issuer. A browser session keeps the token it signed in with and is checked again through
 * this on every request, so a revoked or expired token ends the session as it ends API calls.
 */
public final class TokenCheck {

    private final AuthenticationManager tokens;

    TokenCheck(AuthenticationManager tokens) {
        this.tokens = tokens;
    }

    /**
     * @throws AuthenticationException the token is not accepted ({@code InvalidBearerTokenException}), or cannot be
     *                                 checked now ({@code AuthenticationServiceException})
     */
    public Authentication authenticate(String token) {
        return tokens.authenticate(new BearerTokenAuthenticationToken(token));
    }

    AuthenticationManager asManager() {
        return tokens;
    }
}
