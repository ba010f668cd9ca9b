package io.mflow.launcher;

import io.mflow.schemas.sealed.SealedValues;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The whole engine on one machine: a real Kafka broker, the MongoDB-compatible store and the four services, each
 * service in its own JVM as in production (so one can be killed and started again). If the launcher itself is
 * killed, a watchdog kills what it started, so a crash of the launcher is a crash of the whole engine.
 */
public final class Engine implements AutoCloseable {

    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(180);

    private final EngineSettings settings;
    private final String secretKey;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<Service, ChildProcess> services = new EnumMap<>(Service.class);
    private MongoStore store;
    private ChildProcess broker;

    private Engine(EngineSettings settings, String secretKey) {
        this.settings = settings;
        this.secretKey = secretKey;
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("mflow.home", ".")).toAbsolutePath().normalize();
        Engine engine = start(EngineSettings.defaults(home));
        Runtime.getRuntime().addShutdownHook(new Thread(engine::close, "mflow-shutdown"));
        System.out.printf("%nmflow is up.%n  REST      http://127.0.0.1:%d/api/v1   (health: /actuator/health, OpenAPI: /v3/api-docs)%n"
                        + "  Kafka     %s%n  MongoDB   %s%n  data      %s%n  logs      %s%nCtrl-C stops it.%n",
                engine.settings.port(Service.TASK), engine.kafkaBootstrap(), engine.store.uri(),
                engine.settings.dataDir(), engine.settings.dataDir().resolve("logs"));
        Thread.currentThread().join();
    }

    public static Engine start(EngineSettings settings) throws Exception {
        Files.createDirectories(settings.dataDir());
        Engine engine = new Engine(settings, secretKey(settings.dataDir()));
        try {
            engine.startInfrastructure();
            for (Service service : Service.values()) {
                engine.launch(service);
            }
            for (Service service : Service.values()) {
                engine.awaitHealthy(service);
            }
            return engine;
        } catch (Exception | Error e) {
            engine.close();
            throw e;
        }
    }

    private void startInfrastructure() throws Exception {
        log("starting the store on " + settings.mongoPort() + " and Kafka on " + settings.kafkaPort());
        store = MongoStore.start(settings.dataDir().resolve("mongo"), settings.mongoPort());
        broker = KafkaBroker.start(settings.dataDir().resolve("kafka"), settings.kafkaPort(),
                settings.kafkaControllerPort(), logDir());
        writeWatchdog();
    }

    /** Starts a service again (after {@link #kill}) and waits until it is healthy. */
    public void restart(Service service) throws Exception {
        launch(service);
        awaitHealthy(service);
    }

    /** Kills a service abruptly (SIGKILL), as a crash would. */
    public void kill(Service service) throws InterruptedException, IOException {
        ChildProcess process = services.remove(service);
        if (process != null) {
            process.kill();
        }
        writePids();
    }

    /**
     * The whole engine dies at once: every process is killed (SIGKILL) and the store goes down with the launcher's
     * JVM. Jobs already started by the runner live on, as they would on a real machine.
     */
    public void crash() throws InterruptedException {
        for (ChildProcess process : services.values()) {
            process.kill();
        }
        services.clear();
        if (broker != null) {
            broker.kill();
            broker = null;
        }
        if (store != null) {
            store.close();
            store = null;
        }
        forgetPids();
    }

    public String kafkaBootstrap() {
        return "127.0.0.1:" + settings.kafkaPort();
    }

    public URI baseUri(Service service) {
        return URI.create("http://127.0.0.1:" + settings.port(service));
    }

    public String secretKey() {
        return secretKey;
    }

    public EngineSettings settings() {
        return settings;
    }

    private void launch(Service service) throws IOException {
        Path jar = settings.home().resolve(service.module()).resolve("target").resolve(service.module() + ".jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build first with ./mvnw -DskipTests package");
        }
        Map<String, String> env = new HashMap<>(settings.extraEnv());
        env.put("SERVER_PORT", String.valueOf(settings.port(service)));
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap());
        env.put("MONGODB_URI", store.uri());
        env.put("MFLOW_SECRET_KEY", secretKey);
        env.put("MFLOW_RUNNER_WORK_DIR", settings.dataDir().resolve("runner").toString());
        List<String> command = List.of(javaBinary(), "-Xmx512m", "-XX:+UseSerialGC", "-jar", jar.toString());
        log("starting " + service.module() + " on " + settings.port(service));
        services.put(service, ChildProcess.start(service.module(), command, env, settings.home(), logDir()));
        writePids();
    }

    private void awaitHealthy(Service service) throws Exception {
        ChildProcess process = services.get(service);
        URI health = baseUri(service).resolve("/actuator/health");
        Instant deadline = Instant.now().plus(HEALTH_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(service.module() + " exited:\n" + process.tail(40));
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(health)
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
                    log(service.module() + " is healthy");
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(300);
        }
        throw new IllegalStateException(service.module() + " not healthy in " + HEALTH_TIMEOUT + ":\n" + process.tail(40));
    }

    /** A new key on first start, the same key ever after: sealed values in the store must stay readable. */
    private static String secretKey(Path dataDir) throws IOException {
        String fromEnv = System.getenv("MFLOW_SECRET_KEY");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.trim();
        }
        Path file = dataDir.resolve("secret.key");
        if (!Files.exists(file)) {
            Files.writeString(file, SealedValues.newKey());
        }
        return Files.readString(file).trim();
    }

    private Path logDir() {
        return settings.dataDir().resolve("logs");
    }

    private Path pidFile() {
        return settings.dataDir().resolve("engine.pids");
    }

    private void writePids() throws IOException {
        List<String> pids = new ArrayList<>();
        if (broker != null) {
            pids.add(String.valueOf(broker.pid()));
        }
        services.values().forEach(process -> pids.add(String.valueOf(process.pid())));
        Files.writeString(pidFile(), pids.stream().collect(Collectors.joining("\n", "", "\n")));
    }

    /** If the launcher dies without closing (kill -9), its children must not live on holding the ports. */
    private void writeWatchdog() throws IOException {
        writePids();
        String script = "while kill -0 " + ProcessHandle.current().pid() + " 2>/dev/null; do sleep 1; done; "
                + "xargs kill -9 < '" + pidFile() + "' 2>/dev/null";
        new ProcessBuilder("/bin/sh", "-c", script).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    @Override
    public void close() {
        for (ChildProcess process : services.values()) {
            stopQuietly(process);
        }
        services.clear();
        if (broker != null) {
            stopQuietly(broker);
            broker = null;
        }
        if (store != null) {
            store.close();
            store = null;
        }
        forgetPids();
    }

    /** Nothing left for the watchdog to kill: a pid it would kill later may belong to someone else by then. */
    private void forgetPids() {
        try {
            Files.deleteIfExists(pidFile());
            Files.createFile(pidFile());
        } catch (IOException e) {
            log("could not clear " + pidFile() + ": " + e.getMessage());
        }
    }

    private static void stopQuietly(ChildProcess process) {
        try {
            process.stop(Duration.ofSeconds(20));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void log(String message) {
        System.out.println("[mflow] " + message);
    }
}
