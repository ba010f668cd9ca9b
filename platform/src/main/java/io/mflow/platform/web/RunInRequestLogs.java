package io.mflow.platform.web;

import io.mflow.platform.tracing.RunInLogs;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts the run a REST request acts on into the logs' MDC as {@code runId} (as {@link RunInLogs} does for a record)
 * while the request is handled, and ends a request that changes a run with one line saying so, so that a search for
 * a run's id finds the requests that started, canceled, approved or reported on it. A request that starts a run
 * names it itself once it knows it ({@link #actingOn}). The MDC is as before once the request is done: a thread
 * serves the next request without the last one's run.
 */
public class RunInRequestLogs extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(RunInRequestLogs.class);
    /** Reads are left unlogged: a client polling a run's state or log would bury its changes. */
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    private final RunOfRequest runOf;

    public RunInRequestLogs(RunOfRequest runOf) {
        this.runOf = runOf;
    }

    /** For a request that started a run: the rest of its log lines, and its last, name that run. */
    public static void actingOn(String runId) {
        if (runId != null) {
            MDC.put(RunInLogs.MDC_KEY, runId);
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String before = MDC.get(RunInLogs.MDC_KEY);
        String path = request.getRequestURI();
        MDC.remove(RunInLogs.MDC_KEY);
        runOf.runOf(request.getMethod(), path).ifPresent(RunInRequestLogs::actingOn);
        try {
            chain.doFilter(request, response);
        } finally {
            if (MDC.get(RunInLogs.MDC_KEY) != null && !READS.contains(request.getMethod())) {
                log.info("{} {} answered {}", request.getMethod(), path, response.getStatus());
            }
            if (before == null) {
                MDC.remove(RunInLogs.MDC_KEY);
            } else {
                MDC.put(RunInLogs.MDC_KEY, before);
            }
        }
    }
}
