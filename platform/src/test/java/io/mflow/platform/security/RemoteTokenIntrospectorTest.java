package io.mflow.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthentication;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.web.client.RestClient;

/** A token's agent binding travels with its check, and only in the shape task-service answers it. */
class RemoteTokenIntrospectorTest {

    private HttpServer taskService;

    @Test
    void theBindingTaskServiceAnswersIsTheCallersAgentBinding() {
        Caller caller = callerAnswered("{\"name\": \"agents\", \"roles\": [\"AGENT\"], \"agent\": "
                + "{\"tags\": [\"linux\"], \"maxConcurrency\": 4, \"untagged\": false}}");

        assertThat(caller.roles()).isEqualTo(Set.of(Role.AGENT));
        assertThat(caller.agent()).isEqualTo(new AgentBinding(List.of("linux"), 4, false));
    }

    @Test
    void aTokenWithoutABindingOrWithOneOfAnotherShapeBindsNothing() {
        assertThat(callerAnswered("{\"name\": \"agents\", \"roles\": [\"AGENT\"]}").agent()).isNull();
        assertThat(callerAnswered("{\"name\": \"agents\", \"roles\": [\"AGENT\"], \"agent\": null}").agent()).isNull();
        assertThat(callerAnswered("{\"name\": \"agents\", \"roles\": [\"AGENT\"], \"agent\": "
                + "{\"tags\": \"linux\", \"maxConcurrency\": 4, \"untagged\": false}}").agent()).isNull();
        assertThat(callerAnswered("{\"name\": \"agents\", \"roles\": [\"AGENT\"], \"agent\": "
                + "{\"tags\": [\"linux\"], \"maxConcurrency\": \"all\", \"untagged\": true}}").agent()).isNull();
    }

    private Caller callerAnswered(String me) {
        start(me);
        RemoteTokenIntrospector introspector = new RemoteTokenIntrospector(RestClient.create(
                "http://127.0.0.1:" + taskService.getAddress().getPort()));
        OAuth2AuthenticatedPrincipal principal;
        try {
            principal = introspector.introspect("mflow_token");
        } finally {
            taskService.stop(0);
        }
        return Caller.of(new BearerTokenAuthentication(principal, new OAuth2AccessToken(
                OAuth2AccessToken.TokenType.BEARER, "mflow_token", null, null), principal.getAuthorities()));
    }

    private void start(String me) {
        try {
            taskService = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        taskService.createContext("/api/v1/me", exchange -> {
            byte[] body = me.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        taskService.start();
    }
}
