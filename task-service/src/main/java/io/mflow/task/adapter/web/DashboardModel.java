package io.mflow.task.adapter.web;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every page's frame needs: the signed-in person for the header and the buttons, and how times read. */
@ControllerAdvice(basePackageClasses = DashboardModel.class)
class DashboardModel {

    private static final Times TIMES = new Times();

    @ModelAttribute("time")
    Times time() {
        return TIMES;
    }

    @ModelAttribute("me")
    Viewer me(Authentication authentication) {
        return authentication == null || authentication instanceof AnonymousAuthenticationToken ? null
                : Viewer.of(authentication);
    }
}
