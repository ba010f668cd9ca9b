package io.mflow.launcher;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** An {@code mflow-agent} started the way a user starts one, with its own work dir and log. */
final class AgentProcess implements AutoCloseable {

    private final Process process;
    final Path log;

    AgentProcess(Path home, Path dir, URI runnerService, String token, String name, String tags, int concurrency)
            throws IOException {
        Path workDir = dir.resolve("agent-" + name);
        Files.createDirectories(workDir);
        this.log = dir.resolve("agent-" + name + "-" + System.nanoTime() + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-jar", home.resolve("agent/target/mflow-agent.jar").toString(),
                "--server", runnerService.toString(), "--name", name, "--tags", tags,
                "--concurrency", String.valueOf(concurrency), "--work-dir", workDir.toString(), "--heartbeat", "500ms"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("MFLOW_AGENT_TOKEN", token);
        this.process = builder.start();
    }

    /** As a machine that dies: no goodbye, its jobs left where they are. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
