package io.mflow.task.adapter.web;

import io.mflow.platform.security.TokenCheck;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
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
    private final SsoSignIn sso;
    private final RequestCache asked = new HttpSessionRequestCache();

    SignInController(TokenCheck tokens, SsoSignIn sso) {
        this.tokens = tokens;
        this.sso = sso;
    }

    @GetMapping("/login")
    String page(@RequestParam(required = false) String signedOut, @RequestParam(required = false) String ssoFailed,
                Model model) {
        model.addAttribute("signedOut", signedOut != null);
        if (ssoFailed != null) {
            model.addAttribute("problem", "Sign-in through SSO did not succeed: the issuer did not answer, or refused,"
                    + " or its token is not one mflow accepts. Try again, or sign in with a token.");
        }
        return "login";
    }

    /** The "Sign in with SSO" button, when an issuer and the dashboard's client id are configured. */
    @ModelAttribute("sso")
    boolean sso() {
        return sso.offered();
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
        SessionTokens.keep(request.getSession(true), token.strip());
        return "redirect:" + localPathOf(before);
    }

    static String localPathOf(SavedRequest before) {
        return localPathOf(before == null ? null : before.getRedirectUrl());
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
