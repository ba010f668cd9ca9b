package io.mflow.platform.security;

import io.mflow.platform.web.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/** What the filter chain answers, before any controller runs: 401, 403 and 503 as problem documents. */
final class SecurityProblems {

    private static final Logger log = LoggerFactory.getLogger(SecurityProblems.class);

    /** Long enough for task-service or the issuer to come back from a restart, short enough to keep a client. */
    static final String RETRY_AFTER_SECONDS = "5";

    private SecurityProblems() {
    }

    /** Spring's bearer entry point sets the {@code WWW-Authenticate} header; the body is ours. */
    static AuthenticationEntryPoint unauthenticated() {
        BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
        return (request, response, exception) -> {
            bearer.commence(request, response, exception);
            Problems.write(response, HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED",
                    request.getHeader(HttpHeaders.AUTHORIZATION) == null
                            ? "send an API token or an SSO token as 'Authorization: Bearer <token>'"
                            : "the token is unknown, revoked or expired, or not signed by the SSO issuer");
        };
    }

    static AccessDeniedHandler forbidden() {
        return (request, response, exception) -> Problems.write(response, HttpStatus.FORBIDDEN, "FORBIDDEN",
                "your roles do not allow " + request.getMethod() + " " + request.getRequestURI());
    }

    /**
     * For a token that was sent and could not be accepted. Spring's default rethrows an
     * {@link AuthenticationServiceException} (the checker could not answer) out of the filter chain, which makes
     * a 500; the token may well be good, so the caller is told to try again instead.
     */
    static AuthenticationFailureHandler tokenNotAccepted(AuthenticationEntryPoint unauthenticated) {
        return (request, response, exception) -> {
            if (!(exception instanceof AuthenticationServiceException)) {
                unauthenticated.commence(request, response, exception);
                return;
            }
            log.warn("{} {} answered 503: {}", request.getMethod(), request.getRequestURI(), exception.getMessage());
            response.setHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
            Problems.write(response, HttpStatus.SERVICE_UNAVAILABLE, "TOKEN_CHECK_UNAVAILABLE",
                    "the token could not be checked now (task-service or the SSO issuer did not answer);"
                            + " try again in a few seconds");
        };
    }
}
