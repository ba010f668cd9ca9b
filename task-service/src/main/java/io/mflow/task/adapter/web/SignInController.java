package io.mflow.task.adapter.web;

import io.mflow.platform.security.TokenCheck;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.net.URI;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Sign-in with an API token: the token is checked as the API checks it, and a new session (a new id, so a session
 * id planted before sign-in is worth nothing) keeps it. The page asked for before sign-in is shown after it, when it
 * is one of ours.
 */
@Controller
class SignInController {

    private final TokenCheck tokens;
    private final Duration idleTimeout;
    private final RequestCache asked = new HttpSessionRequestCache();

    SignInController(TokenCheck tokens, @Value("${mflow.dashboard.idle-timeout:30m}") Duration idleTimeout) {
        this.tokens = tokens;
        this.idleTimeout = idleTimeout;
    }

    @GetMapping("/login")
    String page(@RequestParam(required = false) String signedOut, Model model) {
        model.addAttribute("signedOut", signedOut != null);
        return "login";
    }

    @PostMapping("/login")
    String signIn(@RequestParam(defaultValue = "") String token, HttpServletRequest request,
                  HttpServletResponse response, Model model) {
        try {
            tokens.authenticate(token.strip());
        } catch (AuthenticationServiceException away) {
            response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
            model.addAttribute("problem", "The token cannot be checked now; try again in a moment.");
            return "login";
        } catch (AuthenticationException notAccepted) {
            response.setStatus(HttpStatus.UNAUTHORIZED.value());
            model.addAttribute("problem", "That token is not accepted: it is unknown, revoked or expired.");
            return "login";
        }
        SavedRequest before = asked.getRequest(request, response);
        HttpSession old = request.getSession(false);
        if (old != null) {
            old.invalidate();
        }
        HttpSession session = request.getSession(true);
        session.setMaxInactiveInterval((int) Math.max(1, idleTimeout.toSeconds()));
        SessionTokens.keep(session, token.strip());
        return "redirect:" + localPathOf(before == null ? null : before.getRedirectUrl());
    }

    /** Only a path of this server: a saved address naming another host would make sign-in an open redirect. */
    static String localPathOf(String redirectUrl) {
        if (redirectUrl == null) {
            return "/";
        }
        try {
            URI uri = URI.create(redirectUrl);
            String path = uri.getRawPath();
            if (path == null || !path.startsWith("/") || path.startsWith("//") || path.startsWith("/login")) {
                return "/";
            }
            // Spring's request cache marks the address with "continue"; the page asked for had none
            String query = uri.getRawQuery() == null ? "" : java.util.Arrays.stream(uri.getRawQuery().split("&"))
                    .filter(part -> !part.equals("continue") && !part.startsWith("continue="))
                    .collect(java.util.stream.Collectors.joining("&"));
            return query.isEmpty() ? path : path + "?" + query;
        } catch (IllegalArgumentException malformed) {
            return "/";
        }
    }
}
