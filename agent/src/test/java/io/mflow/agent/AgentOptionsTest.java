package io.mflow.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentOptionsTest {

    @Test
    void theDocumentedCommandLineIsUnderstoodAndTheTokenMayComeFromTheEnvironment() {
        AgentOptions options = AgentOptions.parse(new String[] {"--server", "https://runner.example:8082",
                "--tags", "linux, docker", "--concurrency", "4", "--name", "build-01", "--heartbeat", "500ms"},
                Map.of("MFLOW_AGENT_TOKEN", "mflow_secret"));

        assertThat(options.server().toString()).isEqualTo("https://runner.example:8082/");
        assertThat(options.token()).isEqualTo("mflow_secret");
        assertThat(options.tags()).isEqualTo(List.of("linux", "docker"));
        assertThat(options.concurrency()).isEqualTo(4);
        assertThat(options.heartbeat()).isEqualTo(Duration.ofMillis(500));
        assertThat(options.toString()).doesNotContain("mflow_secret");
    }

    @Test
    void aMissingServerOrTokenOrABadValueIsRefusedWithTheUsage() {
        assertThatThrownBy(() -> AgentOptions.parse(new String[] {"--tags", "linux"}, Map.of()))
                .hasMessageContaining("--server and --token").hasMessageContaining("usage:");
        assertThatThrownBy(() -> AgentOptions.parse(new String[] {"--server", "http://x", "--token", "t",
                "--heartbeat", "soon"}, Map.of())).hasMessageContaining("like 500ms, 5s or 1m");
        assertThatThrownBy(() -> AgentOptions.parse(new String[] {"--server", "http://x", "--token", "t",
                "--concurrency", "0"}, Map.of())).hasMessageContaining("at least 1");
    }
}
