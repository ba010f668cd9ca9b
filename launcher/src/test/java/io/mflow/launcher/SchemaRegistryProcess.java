package io.mflow.launcher;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real schema registry with the Confluent-compatible REST API: Apicurio Registry 2.4.2 in memory, built from
 * {@code tools/schema-registry} once per machine and kept in the local Maven repository (see its README).
 */
final class SchemaRegistryProcess implements AutoCloseable {

    private static final Path CACHED = Path.of(System.getProperty("user.home"), ".m2", "repository", "io", "mflow",
            "fixtures", "apicurio-registry", "2.4.2.Final", "apicurio-registry-2.4.2.Final-runner.jar");

    private final Process process;
    private final int port;
    final Path log;

    private SchemaRegistryProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** The runnable jar, built now if this machine has none yet; why not, if the build itself cannot run. */
    static Path jar(Path home, Path buildLog) throws IOException, InterruptedException {
        if (Files.isRegularFile(CACHED)) {
            return CACHED;
        }
        Path fixtures = home.resolve("tools/schema-registry");
        maven(home, buildLog, "-f", fixtures.resolve("shim/pom.xml").toString(), "install");
        maven(home, buildLog, "-f", fixtures.resolve("apicurio2/pom.xml").toString(), "package", "-DskipTests");
        Path built = fixtures.resolve("apicurio2/target/apicurio-registry-2.4.2.Final-runner.jar");
        Files.createDirectories(CACHED.getParent());
        Files.copy(built, CACHED, StandardCopyOption.REPLACE_EXISTING);
        return CACHED;
    }

    private static void maven(Path home, Path log, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(home.resolve("mvnw").toString(), "-B", "-q"));
        command.addAll(List.of(args));
        Process build = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!build.waitFor(15, TimeUnit.MINUTES) || build.exitValue() != 0) {
            build.destroyForcibly();
            throw new IOException("building the schema registry fixture failed (" + String.join(" ", args)
                    + "); see " + log);
        }
    }

    static SchemaRegistryProcess start(Path jar, Path dir) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = dir.resolve("schema-registry.log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+UseSerialGC", "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                "-jar", jar.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        SchemaRegistryProcess registry = new SchemaRegistryProcess(process, port, log);
        registry.awaitReady();
        return registry;
    }

    /** The base URL of its Confluent-compatible API, as MFLOW_SCHEMA_REGISTRY_URL takes it. */
    String url() {
        return "http://127.0.0.1:" + port + "/apis/ccompat/v7";
    }

    private void awaitReady() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the schema registry exited; see " + log);
            }
            try {
                HttpResponse<Void> ready = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the schema registry was not ready in 60 s; see " + log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
