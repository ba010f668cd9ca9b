package io.mflow.task.adapter.web;

import io.mflow.task.app.NeighbourAway;
import io.mflow.task.app.RequestRefused;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;

/** A refusal on a page is a page saying why, with the status the API would answer, never a stack trace. */
// before the API's problem advice, which answers every controller with JSON
@Order(Ordered.HIGHEST_PRECEDENCE)
@ControllerAdvice(basePackageClasses = PageProblems.class)
class PageProblems {

    @ExceptionHandler(RequestRefused.class)
    String refused(RequestRefused refused, HttpServletResponse response, Model model) {
        int status = switch (refused.reason()) {
            case NOT_FOUND -> HttpServletResponse.SC_NOT_FOUND;
            case FORBIDDEN -> HttpServletResponse.SC_FORBIDDEN;
            case CONFLICT -> HttpServletResponse.SC_CONFLICT;
            case UNAUTHENTICATED -> HttpServletResponse.SC_UNAUTHORIZED;
            case INVALID -> HttpServletResponse.SC_BAD_REQUEST;
        };
        response.setStatus(status);
        model.addAttribute("status", status);
        model.addAttribute("detail", refused.getMessage());
        return "problem";
    }

    /** Another service of the engine is away: the page says so and the rest of the dashboard goes on working. */
    @ExceptionHandler(NeighbourAway.class)
    String away(NeighbourAway away, HttpServletResponse response, Model model) {
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setHeader("Retry-After", "5");
        model.addAttribute("status", HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        model.addAttribute("detail", away.getMessage());
        return "problem";
    }

    /**
     * A live page's stream whose browser went away (a tab closed, a page left): its answer is sent already, so there
     * is nothing to answer, and no error page to draw into it.
     */
    @ExceptionHandler(AsyncRequestNotUsableException.class)
    void streamLeft() {
        // nothing to do: the stream's slot was given back when its write failed
    }
}
