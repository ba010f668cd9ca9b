package io.mflow.task.adapter.web;

import io.mflow.platform.security.TokenCheck;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.function.Supplier;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.context.DeferredSecurityContext;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * A browser session keeps the token it signed in with (server side: the cookie only names the session) and is who
 * that token is on each request, checked as the API checks a bearer token. So a session lasts no longer than its
 * token: a revoked or expired token, or a user whose roles changed, is seen at the next click, not at the next
 * sign-in. A session is never made from a security context: only {@link SignInController} starts one.
 */
final class SessionTokens implements SecurityContextRepository {

    /** The session cookie's name (HttpOnly, SameSite=Lax: server.servlet.session.cookie in application.yml). */
    static final String COOKIE = "MFLOW_SESSION";
    private static final String TOKEN = SessionTokens.class.getName() + ".token";

    private final TokenCheck tokens;

    SessionTokens(TokenCheck tokens) {
        this.tokens = tokens;
    }

    static void keep(HttpSession session, String token) {
        session.setAttribute(TOKEN, token);
    }

    /** The token a session signed in with, for calls made on the signed-in user's behalf; null without one. */
    static String tokenOf(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session == null ? null : (String) session.getAttribute(TOKEN);
    }

    @Override
    public DeferredSecurityContext loadDeferredContext(HttpServletRequest request) {
        Supplier<SecurityContext> load = () -> load(request);
        return new DeferredSecurityContext() {
            private SecurityContext context;

            @Override
            public SecurityContext get() {
                if (context == null) {
                    context = load.get();
                }
                return context;
            }

            @Override
            public boolean isGenerated() {
                return get().getAuthentication() == null;
            }
        };
    }

    private SecurityContext load(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        String token = session == null ? null : (String) session.getAttribute(TOKEN);
        if (token == null) {
            return SecurityContextHolder.createEmptyContext();
        }
        try {
            return new SecurityContextImpl(tokens.authenticate(token));
        } catch (AuthenticationException notAccepted) {
            // revoked, expired, or its checker away: the session signs in again
            session.removeAttribute(TOKEN);
            return SecurityContextHolder.createEmptyContext();
        }
    }

    @Override
    @SuppressWarnings("deprecation")
    public SecurityContext loadContext(org.springframework.security.web.context.HttpRequestResponseHolder holder) {
        return load(holder.getRequest());
    }

    @Override
    public void saveContext(SecurityContext context, HttpServletRequest request, HttpServletResponse response) {
        // nothing: a session holds its token, never an authentication that would outlive the token
    }

    @Override
    public boolean containsContext(HttpServletRequest request) {
        return tokenOf(request) != null;
    }
}
