package io.mflow.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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

    @Test
    void aPlainHttpServerElsewhereThanThisMachineIsRefusedUnlessInsecureIsGiven() {
        assertThatThrownBy(() -> AgentOptions.parse(new String[] {"--server", "http://example.com:8082",
                "--token", "t"}, Map.of()))
                .hasMessageContaining("refusing http://example.com:8082/")
                .hasMessageContaining("Use https://").hasMessageContaining("--insecure");
        for (String sneaky : List.of("http://127.0.0.1.example.com", "http://localhost.example.com",
                "http://10.0.0.7:8082", "http://[::ffff:10.0.0.7]", "http://cafe", "HTTP://EXAMPLE.COM")) {
            assertThatThrownBy(() -> AgentOptions.parse(new String[] {"--server", sneaky, "--token", "t"}, Map.of()))
                    .as(sneaky).hasMessageContaining("refusing");
        }
        assertThatThrownBy(() -> AgentOptions.parse(new String[] {"--server", "ftp://runner.example", "--token", "t"},
                Map.of())).hasMessageContaining("--server must be an https://");

        assertThat(AgentOptions.parse(new String[] {"--server", "http://example.com:8082", "--token", "t",
                "--insecure"}, Map.of()).server().toString()).isEqualTo("http://example.com:8082/");
    }

    @Test
    void plainHttpToThisMachineAndHttpsAnywhereAreAccepted() {
        for (String server : List.of("http://127.0.0.1:8082", "http://localhost:8082", "http://127.0.0.2",
                "http://[::1]:8082", "https://runner.example:8082", "https://10.0.0.7")) {
            assertThat(AgentOptions.parse(new String[] {"--server", server, "--token", "t"}, Map.of()).server()
                    .toString()).as(server).startsWith(server);
        }
    }

    @Test
    void theAgentProgramExitsNonZeroWithTheReasonWhenItRefusesAPlainHttpServer() throws Exception {
        Process agent = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), AgentMain.class.getName(),
                "--server", "http://example.com", "--token", "t").redirectErrorStream(true).start();
        String said = new String(agent.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(agent.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(agent.exitValue()).isEqualTo(2);
        assertThat(said).contains("refusing http://example.com/").contains("--insecure");
    }
}
