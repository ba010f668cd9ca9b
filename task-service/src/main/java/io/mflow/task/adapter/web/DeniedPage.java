package io.mflow.task.adapter.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * What a person sees when the dashboard refuses them (403): a page of the dashboard saying why, not the API's problem
 * document. A form without its CSRF token (posted from another site, or from a page older than the session) is told
 * apart from a role that does not allow the act; nothing was done either way.
 */
@Controller
class DeniedPage {

    static final String PATH = "/denied";

    @RequestMapping(PATH)
    String denied(HttpServletRequest request, HttpServletResponse response, Model model) {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        model.addAttribute("status", HttpServletResponse.SC_FORBIDDEN);
        model.addAttribute("detail", request.getAttribute(WebAttributes.ACCESS_DENIED_403) instanceof CsrfException
                ? "This form has no valid security token: it came from another page or site, or the page is older "
                + "than your session. Nothing was done; open the page again and try once more."
                : "Your role does not allow this. Nothing was done.");
        return "problem";
    }
}
