package io.mflow.task.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What an agent token may claim is an admin's to say: the binding is set when the token is issued, shown with the
 * token, and told with the token's check ({@code GET /api/v1/me}), which is how runner-service learns it. An agent
 * user, or anyone managing their own tokens, tries to bind or widen their own token: refused, and nothing is stored.
 */
class AgentTokenBindingIT extends TaskServiceHarness {

    private static final Map<String, Object> LINUX = Map.of("tags", List.of("linux"), "maxConcurrency", 4,
            "untagged", false);
    private static final Map<String, Object> EVERYTHING = Map.of("tags", List.of("linux", "docker", "gpu"),
            "maxConcurrency", 16, "untagged", true);

    @Test
    void anAdminBindsAnAgentTokenWhichIsShownWithItAndToldWithItsCheck() {
        userWithToken("build-agents", "AGENT");

        Response issued = post("/api/v1/users/build-agents/tokens", json(Map.of("name", "build-01", "agent", LINUX)));

        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        assertThat(issued.json().path("agent").toString())
                .isEqualTo("{\"tags\":[\"linux\"],\"maxConcurrency\":4,\"untagged\":false}");
        JsonNode listed = tokenNamed("build-agents", "build-01");
        assertThat(listed.path("agent").toString())
                .isEqualTo("{\"tags\":[\"linux\"],\"maxConcurrency\":4,\"untagged\":false}");
        JsonNode me = call("GET", "/api/v1/me", null, issued.json().path("token").asString()).json();
        assertThat(me.path("roles").toString()).isEqualTo("[\"AGENT\"]");
        assertThat(me.path("agent").toString())
                .isEqualTo("{\"tags\":[\"linux\"],\"maxConcurrency\":4,\"untagged\":false}");
        assertThat(bindsNothing(tokenNamed("build-agents", "test").path("agent")))
                .as("a token issued without a binding binds nothing").isTrue();
    }

    @Test
    void aNonAdminCannotBindATokenForThemselvesNorWidenTheirsAndNothingIsStored() {
        String own = userWithToken("mallory-agents", "AGENT");
        Response bound = post("/api/v1/users/mallory-agents/tokens", json(Map.of("name", "bound", "agent", LINUX)));
        assertThat(bound.status()).as(bound.body()).isEqualTo(201);
        String boundToLinux = bound.json().path("token").asString();
        String developer = userWithToken("dev-agents", "DEVELOPER");
        List<String> before = tokenNames("mallory-agents");

        Response selfBound = call("POST", "/api/v1/users/mallory-agents/tokens",
                json(Map.of("name", "mine", "agent", EVERYTHING)), own);
        Response widened = call("POST", "/api/v1/users/mallory-agents/tokens",
                json(Map.of("name", "wider", "agent", EVERYTHING)), boundToLinux);
        Response developersOwn = call("POST", "/api/v1/users/dev-agents/tokens",
                json(Map.of("name", "mine", "agent", EVERYTHING)), developer);

        assertThat(List.of(selfBound, widened, developersOwn)).allSatisfy(refused -> {
            assertThat(refused.status()).as(refused.body()).isEqualTo(403);
            assertThat(refused.body()).contains("only an admin may bind a token to agent work");
        });
        assertThat(tokenNames("mallory-agents")).as("nothing stored").isEqualTo(before);
        assertThat(tokenNames("dev-agents")).containsExactly("test");
        Response plain = call("POST", "/api/v1/users/mallory-agents/tokens", json(Map.of("name", "plain")), own);
        assertThat(plain.status()).as("a token of one's own, bound to nothing, is still theirs to issue")
                .isEqualTo(201);
        assertThat(bindsNothing(call("GET", "/api/v1/me", null, plain.json().path("token").asString()).json()
                .path("agent"))).as("and may claim nothing").isTrue();
        assertThat(call("GET", "/api/v1/me", null, boundToLinux).json().path("agent").path("tags").toString())
                .as("the admin's binding stays as it was").isEqualTo("[\"linux\"]");
    }

    @Test
    void aBindingOutOfBoundsIsABadRequestAndNothingIsStored() {
        userWithToken("odd-agents", "AGENT");
        List<String> before = tokenNames("odd-agents");
        List<Map<String, Object>> odd = List.of(
                Map.of("tags", List.of("linux"), "maxConcurrency", 0),
                Map.of("tags", List.of("linux"), "maxConcurrency", 17),
                Map.of("tags", List.of("linux")),
                Map.of("maxConcurrency", 2),
                Map.of("tags", List.of("linux docker"), "maxConcurrency", 2),
                Map.of("tags", Collections.nCopies(21, "linux"), "maxConcurrency", 2));

        for (Map<String, Object> agent : odd) {
            Response refused = post("/api/v1/users/odd-agents/tokens", json(Map.of("name", "odd", "agent", agent)));
            assertThat(refused.status()).as(agent + ": " + refused.body()).isEqualTo(400);
            assertThat(refused.body()).contains("agent.");
        }

        assertThat(tokenNames("odd-agents")).isEqualTo(before);
        assertThat(post("/api/v1/users/odd-agents/tokens", json(Map.of("name", "odd", "agent",
                Map.of("tags", List.of(), "maxConcurrency", 16, "untagged", true)))).status()).isEqualTo(201);
    }

    private static boolean bindsNothing(JsonNode agent) {
        return agent.isNull() || agent.isMissingNode();
    }

    private JsonNode tokenNamed(String user, String name) {
        JsonNode tokens = get("/api/v1/users/" + user + "/tokens").json();
        for (JsonNode token : tokens) {
            if (token.path("name").asString().equals(name)) {
                return token;
            }
        }
        throw new AssertionError("no token " + name + " of " + user + " in " + tokens);
    }

    private List<String> tokenNames(String user) {
        JsonNode tokens = get("/api/v1/users/" + user + "/tokens").json();
        List<String> names = new java.util.ArrayList<>();
        tokens.forEach(token -> names.add(token.path("name").asString()));
        return names;
    }
}
