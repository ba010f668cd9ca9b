package io.mflow.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.FilterChain;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class RunInRequestLogsTest {

    private final List<String> seen = new ArrayList<>();
    private final FilterChain handler = (request, response) -> seen.add(MDC.get("runId"));
    private final RunInRequestLogs filter = new RunInRequestLogs((method, path) ->
            path.startsWith("/runs/") ? Optional.of(path.substring("/runs/".length())) : Optional.empty());

    @AfterEach
    void clear() {
        MDC.clear();
    }

    @Test
    void aRequestOnARunIsHandledWithItsIdInTheLogsAndLeavesNothingBehind() throws Exception {
        filter.doFilter(new MockHttpServletRequest("POST", "/runs/pt-1"), new MockHttpServletResponse(), handler);

        assertThat(seen).containsExactly("pt-1");
        assertThat(MDC.get("runId")).isNull();
    }

    @Test
    void aRunStartedByTheRequestIsNamedFromThenOnAndNotAfterwards() throws Exception {
        FilterChain starting = (request, response) -> {
            seen.add(MDC.get("runId"));
            RunInRequestLogs.actingOn("pt-new");
            seen.add(MDC.get("runId"));
        };

        filter.doFilter(new MockHttpServletRequest("POST", "/pipelines/p-1/runs"), new MockHttpServletResponse(),
                starting);

        assertThat(seen).containsExactly(null, "pt-new");
        assertThat(MDC.get("runId")).isNull();
    }

    @Test
    void aRunLeftInTheThreadBySomeoneElseIsNotTakenForTheRequestsAndIsPutBack() throws Exception {
        MDC.put("runId", "pt-stale");

        filter.doFilter(new MockHttpServletRequest("POST", "/jobs"), new MockHttpServletResponse(), handler);

        assertThat(seen).containsExactly((String) null);
        assertThat(MDC.get("runId")).isEqualTo("pt-stale");
    }
}
