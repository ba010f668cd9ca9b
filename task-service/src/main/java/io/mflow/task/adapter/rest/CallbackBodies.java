package io.mflow.task.adapter.rest;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps a chat callback's body as it came, before anything reads it: Slack signs the raw form body, and once anyone
 * asks the request for a parameter the container has parsed the form and the raw bytes are gone. Registered for
 * {@link ApprovalCallbacks#PATHS} only, first of all filters.
 */
public class CallbackBodies extends OncePerRequestFilter {

    static final String ATTRIBUTE = CallbackBodies.class.getName() + ".body";

    /** A card click is a few KB; the rest of the engine's limit is for definitions. */
    static final int MAX_BYTES = 64 * 1024;

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        byte[] body = request.getInputStream().readNBytes(MAX_BYTES + 1);
        if (body.length > MAX_BYTES) {
            response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
            return;
        }
        request.setAttribute(ATTRIBUTE, body);
        chain.doFilter(request, response);
    }

    /** The body as it came; empty when the filter did not run. */
    static byte[] of(HttpServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof byte[] body ? body : new byte[0];
    }
}
