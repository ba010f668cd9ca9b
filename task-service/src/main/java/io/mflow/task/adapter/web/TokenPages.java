package io.mflow.task.adapter.web;

import io.mflow.platform.security.Caller;
import io.mflow.task.app.ApiTokens;
import io.mflow.task.app.IssueApiToken;
import io.mflow.task.app.RequestRefused;
import io.mflow.task.app.RevokeApiToken;
import io.mflow.task.domain.ApiToken;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Comparator;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The signed-in person's own API tokens: listed (never their values), issued, revoked. A new token's value is on
 * the answer to the form that issued it and nowhere else: not in a redirect, a session or a later page. Someone
 * who signed in through SSO has no local tokens (a local user of their name is someone else), as on the API.
 */
@Controller
class TokenPages {

    private final ApiTokens tokens;
    private final IssueApiToken issueApiToken;
    private final RevokeApiToken revokeApiToken;

    TokenPages(ApiTokens tokens, IssueApiToken issueApiToken, RevokeApiToken revokeApiToken) {
        this.tokens = tokens;
        this.issueApiToken = issueApiToken;
        this.revokeApiToken = revokeApiToken;
    }

    @GetMapping("/tokens")
    String tokens(@RequestParam(required = false) String revoked, Authentication caller, Model model) {
        model.addAttribute("revoked", revoked != null);
        return page(caller, model);
    }

    /** @param expiresInDays blank for a token that does not expire */
    @PostMapping("/tokens")
    String issue(@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String expiresInDays,
                 Authentication caller, HttpServletResponse response, Model model) {
        String owner = ownerOf(caller);
        try {
            IssueApiToken.Issued issued = issueApiToken.issue(owner, name.strip(), days(expiresInDays), null);
            model.addAttribute("issued", issued);
        } catch (RequestRefused refused) {
            if (refused.reason() != RequestRefused.Reason.INVALID) {
                throw refused;
            }
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("problem", refused.getMessage());
        }
        return page(caller, model);
    }

    @PostMapping("/tokens/{id}/revoke")
    String revoke(@PathVariable String id, Authentication caller) {
        revokeApiToken.revoke(ownerOf(caller), id);
        return "redirect:/tokens?revoked";
    }

    private String page(Authentication caller, Model model) {
        boolean sso = Caller.cameThroughSingleSignOn(caller);
        model.addAttribute("sso", sso);
        model.addAttribute("tokens", sso ? List.of() : newestFirst(tokens.ofUser(caller.getName())));
        return "tokens";
    }

    static List<ApiToken> newestFirst(List<ApiToken> tokens) {
        return tokens.stream().sorted(Comparator.comparing(ApiToken::createdAt).reversed()).toList();
    }

    private static String ownerOf(Authentication caller) {
        if (Caller.cameThroughSingleSignOn(caller)) {
            throw new RequestRefused(RequestRefused.Reason.FORBIDDEN,
                    "you signed in through SSO: your access comes from your issuer, and you have no local tokens");
        }
        return caller.getName();
    }

    static Integer days(String given) {
        if (given == null || given.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(given.strip());
        } catch (NumberFormatException notANumber) {
            throw RequestRefused.invalid("expires in days must be a whole number of days, got '" + given + "'");
        }
    }
}
