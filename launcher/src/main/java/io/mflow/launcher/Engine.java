package io.mflow.launcher;

import io.mflow.embeddedstore.MongoStore;
import io.mflow.embeddedstore.StoreUser;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The whole engine on one machine: a real Kafka broker, the MongoDB-compatible store and the four services, each
 * service in its own JVM as in production (so one can be killed and started again). The launcher starts again a
 * service or the broker that exits by itself (see {@link Supervisor}). If the launcher itself is killed, a watchdog
 * kills what it started, so a crash of the launcher is a crash of the whole engine.
 */
public final class Engine implements AutoCloseable {

    /** A machine busy with other builds took over three minutes to start a service. */
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(360);
    private static final String ADMIN_TOKEN = "MFLOW_ADMIN_TOKEN";
    /** The store's one user, the engine's own; its password is in {@code data/mongo/password}. */
    static final String STORE_USER = "mflow";

    private final EngineSettings settings;
    private final String secretKey;
    private final BindAddress bind;
    private final Watchdog watchdog;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Supervisor supervisor = new Supervisor(Backoff.DEFAULT, this::writePids);
    private final KafkaPrincipals kafkaPrincipals;
    private final KafkaCluster kafka;
    private MongoStore store;
    private boolean training;
    /** Further instances of services started by {@link #startReplica}: their process names. */
    private final List<String> replicas = new java.util.concurrent.CopyOnWriteArrayList<>();

    private Engine(EngineSettings settings, String secretKey, KafkaPrincipals kafkaPrincipals, BindAddress bind,
                   Watchdog watchdog) {
        this.settings = settings;
        this.secretKey = secretKey;
        this.kafkaPrincipals = kafkaPrincipals;
        this.bind = bind;
        this.watchdog = watchdog;
        this.kafka = new KafkaCluster(settings, logDir(), bind, kafkaPrincipals);
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("mflow.home", ".")).toAbsolutePath().normalize();
        Engine engine = start(EngineSettings.defaults(home).withOptions(args, System.getenv()));
        Runtime.getRuntime().addShutdownHook(new Thread(engine::close, "mflow-shutdown"));
        boolean given = engine.givenAdminToken() != null;
        Path tokenFile = DataDir.adminTokenFile(engine.settings.dataDir());
        System.out.printf("%nmflow is up.%n  REST      %s   (health: /actuator/health, OpenAPI: /v3/api-docs)%n"
                        + "  token     the admin's API token is %s%n"
                        + "  try       curl -H \"Authorization: Bearer %s\" %s%n"
                        + "  Kafka     %s   (SASL/SCRAM; client settings: %s, %s)%n"
                        + "  MongoDB   %s   (user " + STORE_USER + ", password in %s)%n"
                        + "  data      %s%n  logs      %s%nCtrl-C stops it.%n",
                engine.baseUri(Service.TASK).resolve("/api/v1"),
                given ? "the one given in $" + ADMIN_TOKEN : "in " + tokenFile,
                given ? "$" + ADMIN_TOKEN : "$(cat " + tokenFile + ")",
                engine.baseUri(Service.TASK).resolve("/api/v1/me"),
                engine.kafkaBootstrap(), engine.kafkaClientFile(KafkaPrincipals.REPORTER),
                engine.kafkaClientFile(KafkaPrincipals.READER), engine.store.uri(),
                engine.settings.dataDir().resolve("mongo").resolve("password"), engine.settings.dataDir(), engine.logDir());
        for (Service service : Service.values()) {
            for (int index = 1; index < engine.settings.replicas(service); index++) {
                System.out.printf("  replica   %s on %d%n", service.module(), engine.settings.port(service, index));
            }
        }
        Thread.currentThread().join();
    }

    public static Engine start(EngineSettings settings) throws Exception {
        return start(settings, false);
    }

    /**
     * @param training whether each service's first instance writes what its start loaded to its {@link StartupArchive}
     *                 when it exits ({@link TrainStartup})
     */
    static Engine start(EngineSettings settings, boolean training) throws Exception {
        DataDir.create(settings.dataDir());
        Files.createDirectories(settings.dataDir().resolve("kafka"));
        Engine engine = new Engine(settings, DataDir.secretKey(settings.dataDir()),
                KafkaPrincipals.of(settings.dataDir().resolve("kafka")), BindAddress.fromEnvironment(),
                Watchdog.start(settings.dataDir().resolve("engine.pids")));
        engine.training = training;
        engine.kafka.training(training);
        try {
            engine.startInfrastructure();
            Map<Service, ChildProcess> started = new HashMap<>();
            for (Service service : Service.values()) {
                started.put(service, engine.supervisor.supervise(service.module(), () -> engine.launch(service)));
            }
            engine.writePids();
            for (Service service : Service.values()) {
                engine.awaitHealthy(service, started.get(service));
            }
            for (Service service : Service.values()) {
                for (int index = 1; index < settings.replicas(service); index++) {
                    engine.startReplica(service, settings.port(service, index));
                }
            }
            return engine;
        } catch (Exception | Error e) {
            engine.close();
            throw e;
        }
    }

    private void startInfrastructure() throws Exception {
        log("starting the store on " + bind.address() + ":" + settings.mongoPort() + " and Kafka on " + bind.address()
                + ":" + settings.kafkaPort() + (kafka.size() == 1 ? "" : " (a cluster of " + kafka.size()
                + " nodes, on " + kafka.bootstrap() + ")"));
        if (bind.everyInterface()) {
            log("other machines can reach the store and Kafka on " + bind.address() + " (both require credentials,"
                    + " which travel unencrypted: SCRAM proves a password without sending it, but the records do not)");
        }
        Path mongo = settings.dataDir().resolve("mongo");
        Files.createDirectories(mongo);
        StoreUser storeUser = StoreUser.of(STORE_USER, DataDir.password(mongo.resolve("password")));
        // the store (in this JVM) starts while the brokers' JVMs do: neither waits for the other
        CompletableFuture<MongoStore> starting = CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return MongoStore.start(mongo, settings.mongoPort(), bind.address(), storeUser);
                    } catch (Exception e) {
                        throw new CompletionException(e);
                    }
                });
        Map<Integer, ChildProcess> nodes = new HashMap<>();
        try {
            for (int node : kafka.nodes()) {
                nodes.put(node, supervisor.supervise(kafka.name(node), () -> kafka.launch(node)));
            }
        } finally {
            store = awaitStore(starting);
        }
        writePids();
        if (kafka.size() > 1) {
            for (int node : kafka.nodes()) {
                kafka.awaitListening(node, nodes.get(node));
            }
            kafka.grant();
        }
        for (String outsider : List.of(KafkaPrincipals.REPORTER, KafkaPrincipals.READER)) {
            writeKafkaClientFile(outsider);
        }
    }

    private static MongoStore awaitStore(CompletableFuture<MongoStore> starting) throws Exception {
        try {
            return starting.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException wrapped
                    && wrapped.getCause() != null ? wrapped.getCause() : e.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            throw e;
        }
    }

    /** Starts a service again (after {@link #kill}) and waits until it is healthy. */
    public void restart(Service service) throws Exception {
        ChildProcess process = supervisor.supervise(service.module(), () -> launch(service));
        writePids();
        awaitHealthy(service, process);
    }

    /**
     * Starts one more instance of a service, as a second replica would run on another machine: the same store,
     * broker and consumer group, its REST on {@code port}. Supervised under {@code <module>-<port>}; {@link #close}
     * stops it with the rest.
     */
    public void startReplica(Service service, int port) throws Exception {
        String name = service.module() + "-" + port;
        ChildProcess process = supervisor.supervise(name, () -> launch(service, port, name));
        replicas.add(name);
        writePids();
        awaitHealthy(service, URI.create("http://127.0.0.1:" + port), process);
    }

    /** Kills a replica started by {@link #startReplica} abruptly (SIGKILL). */
    public void killReplica(Service service, int port) throws InterruptedException {
        String name = service.module() + "-" + port;
        killIfAny(supervisor.release(name));
        replicas.remove(name);
        writePids();
    }

    /**
     * The machine of runner-service's {@code index}-th instance (1 or more: a replica) goes down: the instance is
     * killed abruptly, and so are the jobs it started, as in {@link #crashWithJobs}.
     */
    public void killRunnerReplicaWithJobs(int index) throws InterruptedException, IOException {
        killReplica(Service.RUNNER, settings.port(Service.RUNNER, index));
        killGroups(unfinishedJobGroups(jobsDir(index)));
    }

    /**
     * Kills node {@code node} (its {@code node.id}, 1 to the settings' brokers; 1 is the one broker) abruptly
     * (SIGKILL), as a crash of its machine would; it stays down until {@link #restartBroker}.
     */
    public void killBroker(int node) throws InterruptedException {
        killIfAny(supervisor.release(kafka.name(node)));
        writePids();
    }

    /** Starts a node killed by {@link #killBroker} again, on its log, and waits until it listens. */
    public void restartBroker(int node) throws Exception {
        ChildProcess process = supervisor.supervise(kafka.name(node), () -> kafka.launch(node));
        writePids();
        if (kafka.size() > 1) {
            kafka.awaitListening(node, process);
        }
    }

    /** Kills a service abruptly (SIGKILL), as a crash would; it stays down until {@link #restart}. */
    public void kill(Service service) throws InterruptedException {
        ChildProcess process = supervisor.release(service.module());
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
        supervisor.close();
        for (Service service : Service.values()) {
            killIfAny(supervisor.release(service.module()));
        }
        for (String replica : replicas) {
            killIfAny(supervisor.release(replica));
        }
        for (String node : kafka.names()) {
            killIfAny(supervisor.release(node));
        }
        if (store != null) {
            store.close();
            store = null;
        }
        watchdog.forget();
    }

    /**
     * The machine goes down: the whole engine dies as in {@link #crash}, and so do the jobs it started (each job's
     * process group, found by the pid its wrapper left in the runner's work dir).
     */
    public void crashWithJobs() throws InterruptedException, IOException {
        crash();
        List<String> groups = new ArrayList<>();
        for (int index = 0; index < settings.replicas(Service.RUNNER); index++) {
            groups.addAll(unfinishedJobGroups(jobsDir(index)));
        }
        killGroups(groups);
    }

    private static void killGroups(List<String> groups) throws InterruptedException, IOException {
        if (!groups.isEmpty()) {
            List<String> command = new ArrayList<>(List.of("kill", "-KILL", "--"));
            command.addAll(groups);
            new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor();
        }
    }

    /** The process groups of the jobs in {@code work} that have not ended, each as {@code -<pgid>}. */
    private static List<String> unfinishedJobGroups(Path work) throws IOException {
        List<String> groups = new ArrayList<>();
        if (!Files.isDirectory(work)) {
            return groups;
        }
        try (var dirs = Files.list(work)) {
            for (Path dir : dirs.toList()) {
                Path pid = dir.resolve("pid");
                if (Files.exists(pid) && !Files.exists(dir.resolve("exit"))) {
                    String value = Files.readString(pid).strip();
                    if (!value.isEmpty()) {
                        groups.add("-" + value);
                    }
                }
            }
        }
        return groups;
    }

    /**
     * The jobs dir of runner-service's {@code index}-th instance: the first's is {@link #jobsDir()}, a further one's
     * is that path with {@code -<its port>} appended, as its work dir is {@code data/runner-<port>}: each instance
     * finds only its own jobs' dirs after a restart.
     */
    public Path jobsDir(int index) {
        return index == 0 ? jobsDir() : jobsDirOf(settings.port(Service.RUNNER, index));
    }

    private Path jobsDirOf(int port) {
        Path first = jobsDir();
        return first.resolveSibling(first.getFileName() + "-" + port);
    }

    /**
     * Where the LOCAL runner makes its jobs' work dirs: under {@code data/} as before, unless the engine runs as
     * root; its jobs then run as users of their own, who must not reach {@code data/} (the admin token, the secret
     * key), so their dirs are under {@code /var/tmp/mflow-jobs}, one dir per data dir.
     */
    public Path jobsDir() {
        String given = settings.extraEnv().getOrDefault(JOBS_DIR, System.getenv(JOBS_DIR));
        if (given != null && !given.isBlank()) {
            return Path.of(given);
        }
        if (!runsAsRoot()) {
            return settings.dataDir().resolve("runner");
        }
        String data = settings.dataDir().toAbsolutePath().normalize().toString();
        return Path.of("/var/tmp/mflow-jobs", Integer.toHexString(data.hashCode()));
    }

    private static final String JOBS_DIR = "MFLOW_RUNNER_LOCAL_JOBS_DIR";

    private static boolean runsAsRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | RuntimeException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /** Every node's clients' listener, comma-separated. */
    public String kafkaBootstrap() {
        return kafka.bootstrap();
    }

    /**
     * A Kafka client's settings as one of the broker's principals (a service's module name,
     * {@link KafkaPrincipals#REPORTER}, {@link KafkaPrincipals#READER}): bootstrap.servers, security.protocol,
     * sasl.mechanism and sasl.jaas.config.
     */
    public Map<String, String> kafkaClient(String principal) {
        return kafkaPrincipals.client(principal, kafkaBootstrap());
    }

    /** The store's address with the engine's user and password: the launcher's own tools (the benchmark). Never log it. */
    public String storeClientUri() {
        return store.clientUri();
    }

    /** The broker's super user on its loopback-only internal listener: the launcher's own tools (the benchmark). */
    public Map<String, String> kafkaAdminClient() {
        return kafkaPrincipals.admin(kafka.internalBootstrap());
    }

    /** {@code data/kafka-<principal>.properties}: an outside client's settings, its owner's only. */
    public Path kafkaClientFile(String principal) {
        return settings.dataDir().resolve("kafka-" + principal + ".properties").toAbsolutePath();
    }

    private void writeKafkaClientFile(String principal) throws IOException {
        StringBuilder text = new StringBuilder("# mflow's embedded broker as ").append(principal)
                .append(" (Kafka client properties). Keep this file to yourself: it holds the password.\n");
        new java.util.TreeMap<>(kafkaClient(principal)).forEach((name, value) ->
                text.append(name).append('=').append(value.replace("\\", "\\\\")).append('\n'));
        DataDir.writeOwnerOnly(kafkaClientFile(principal), text.toString());
    }

    public URI baseUri(Service service) {
        return URI.create("http://127.0.0.1:" + settings.port(service));
    }

    public String secretKey() {
        return secretKey;
    }

    /**
     * The API token of the admin user that task-service creates on its first start: the one given in
     * {@code MFLOW_ADMIN_TOKEN} (the settings' env first, then the launcher's), else the one task-service generated
     * into {@code <dataDir>/admin.token}, which exists once task-service is healthy.
     */
    public String adminToken() throws IOException {
        String given = givenAdminToken();
        if (given != null) {
            return given;
        }
        Path file = DataDir.adminTokenFile(settings.dataDir());
        if (!Files.exists(file)) {
            throw new IllegalStateException(file + " does not exist: task-service writes it on its first start,"
                    + " when " + ADMIN_TOKEN + " is not set");
        }
        return Files.readString(file).trim();
    }

    /** The pid of a service's JVM now; empty while it is down (killed, or waiting to be started again). */
    public OptionalLong pid(Service service) {
        return pid(service, 0);
    }

    /** The pid of a service's {@code index}-th instance (0 the first, 1 or more a replica); empty while it is down. */
    public OptionalLong pid(Service service, int index) {
        ChildProcess process = supervisor.current(index == 0 ? service.module()
                : service.module() + "-" + settings.port(service, index));
        return process == null ? OptionalLong.empty() : OptionalLong.of(process.pid());
    }

    /** The pid of the broker's JVM now (node 1's of a cluster); empty while it is down. */
    public OptionalLong brokerPid() {
        ChildProcess process = supervisor.current(kafka.name(1));
        return process == null ? OptionalLong.empty() : OptionalLong.of(process.pid());
    }

    public EngineSettings settings() {
        return settings;
    }

    private String givenAdminToken() {
        for (String given : new String[] {settings.extraEnv().get(ADMIN_TOKEN), System.getenv(ADMIN_TOKEN)}) {
            if (given != null && !given.isBlank()) {
                return given.trim();
            }
        }
        return null;
    }

    private ChildProcess launch(Service service) throws IOException, InterruptedException {
        return launch(service, settings.port(service), service.module());
    }

    private ChildProcess launch(Service service, int port, String name) throws IOException, InterruptedException {
        Path jar = settings.home().resolve(service.module()).resolve("target").resolve(service.module() + ".jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build first with ./mvnw -DskipTests package");
        }
        // MFLOW_ADMIN_TOKEN is inherited from the launcher's environment unless the settings' env sets it.
        Map<String, String> env = new HashMap<>(settings.extraEnv());
        env.put("SERVER_PORT", String.valueOf(port));
        env.put("MFLOW_BIND_ADDRESS", bind.address());
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap());
        // in the environment, never on the command line, which everyone on the machine sees in ps
        Map<String, String> kafka = kafkaClient(service.module());
        env.put("SPRING_KAFKA_SECURITY_PROTOCOL", kafka.get("security.protocol"));
        env.put("SPRING_KAFKA_PROPERTIES_SASL_MECHANISM", kafka.get("sasl.mechanism"));
        env.put("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG", kafka.get("sasl.jaas.config"));
        env.put("MONGODB_URI", store.clientUri()); // with the engine's user and password: environment only
        env.put("MFLOW_SECRET_KEY", secretKey);
        env.put("MFLOW_TASK_SERVICE_URL", baseUri(Service.TASK).toString());
        env.put("MFLOW_ADMIN_TOKEN_FILE", DataDir.adminTokenFile(settings.dataDir()).toString());
        boolean further = port != settings.port(service); // a replica, not the service's first instance
        env.put("MFLOW_RUNNER_WORK_DIR", settings.dataDir().resolve(further ? "runner-" + port : "runner").toString());
        if (this.kafka.size() > 1) {
            // one node may die: every record on three, a write taken once two have it
            env.putIfAbsent("MFLOW_KAFKA_TOPIC_REPLICAS", String.valueOf(this.kafka.node(1).replicas()));
            env.putIfAbsent("MFLOW_KAFKA_MIN_INSYNC_REPLICAS", String.valueOf(this.kafka.node(1).minInSync()));
        }
        if (!env.containsKey("MFLOW_NOTIFY_BASE_URL") && System.getenv("MFLOW_NOTIFY_BASE_URL") == null) {
            env.put("MFLOW_NOTIFY_BASE_URL", baseUri(Service.TASK).toString()); // notices link to the REST API
        }
        if (service == Service.TASK) {
            // the agents list and the notice endpoints, which task-service reads for a caller with their token
            env.put("MFLOW_RUNNER_SERVICE_URL", baseUri(Service.RUNNER).toString());
            env.put("MFLOW_NOTIFY_SERVICE_URL", baseUri(Service.NOTIFY).toString());
        }
        if (service == Service.RUNNER) {
            // Jobs run on this machine: they report to this task-service, and may report over the local broker.
            putUnlessGiven(env, "MFLOW_STATUS_BASE_URL", baseUri(Service.TASK).toString());
            putUnlessGiven(env, "MFLOW_RUNNER_KAFKA_REPORTS_BOOTSTRAP_SERVERS", kafkaBootstrap());
            // as the reporter, which may write status reports only; the runner masks its password in jobs' output
            putUnlessGiven(env, "MFLOW_RUNNER_KAFKA_REPORTS_USERNAME", KafkaPrincipals.REPORTER);
            putUnlessGiven(env, "MFLOW_RUNNER_KAFKA_REPORTS_PASSWORD", kafkaPrincipals.password(KafkaPrincipals.REPORTER));
            if (further) {
                // an instance of its own: its jobs and executions apart from the others', known again after a restart
                env.put(JOBS_DIR, jobsDirOf(port).toString());
                env.put("MFLOW_RUNNER_INSTANCE_ID", "runner-" + port);
                // and uids of its own for its jobs: a runner ending a job kills what its uid still runs, which
                // would be another instance's job if they shared the default range (200000-200999)
                int k = (port - settings.port(service)) / 100;
                env.put("MFLOW_RUNNER_LOCAL_JOB_USERS", (200_000 + 1_000 * k) + "-" + (200_999 + 1_000 * k));
            } else {
                putUnlessGiven(env, JOBS_DIR, jobsDir().toString());
            }
        }
        StartupArchive classes = new StartupArchive(settings.home(), service.module());
        List<String> jvm = List.of("-Xmx512m", "-XX:+UseSerialGC");
        List<String> command = training && !further ? classes.trainingCommand(jvm) : classes.command(jvm);
        log("starting " + name + " on " + bind.address() + ":" + port);
        return ChildProcess.start(name, command, env, settings.home(), logDir());
    }

    private static void putUnlessGiven(Map<String, String> env, String name, String value) {
        if (!env.containsKey(name) && System.getenv(name) == null) {
            env.put(name, value);
        }
    }

    private void awaitHealthy(Service service, ChildProcess process) throws Exception {
        awaitHealthy(service, baseUri(service), process);
    }

    private void awaitHealthy(Service service, URI base, ChildProcess process) throws Exception {
        // health answers anyone: no token needed, and none exists yet before task-service's first start
        URI health = base.resolve("/actuator/health");
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

    private Path logDir() {
        return settings.dataDir().resolve("logs");
    }

    /** Tells the watchdog the pids of the processes running now; called from the supervisor's thread too. */
    private void writePids() {
        List<Long> pids = new ArrayList<>();
        for (String name : processNames()) {
            ChildProcess process = supervisor.current(name);
            if (process != null) {
                pids.add(process.pid());
            }
        }
        try {
            watchdog.remember(pids);
        } catch (IOException e) {
            log("could not tell the watchdog the pids " + pids + ": " + e.getMessage());
        }
    }

    private List<String> processNames() {
        List<String> names = new ArrayList<>(kafka.names());
        for (Service service : Service.values()) {
            names.add(service.module());
        }
        names.addAll(replicas);
        return names;
    }

    /** Stops supervision first: a service that exits because it is being stopped must not be started again. */
    @Override
    public void close() {
        supervisor.close();
        // the services stop together (each ends its own work; none waits for another), then the brokers they used
        List<Thread> stopping = new ArrayList<>();
        List<String> services = new ArrayList<>();
        for (Service service : Service.values()) {
            services.add(service.module());
        }
        services.addAll(replicas);
        for (String name : services) {
            ChildProcess process = supervisor.release(name);
            Thread stop = new Thread(() -> stopQuietly(process), "stop-" + name);
            stop.start();
            stopping.add(stop);
        }
        for (Thread stop : stopping) {
            try {
                stop.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        kafka.names().forEach(node -> stopQuietly(supervisor.release(node)));
        if (store != null) {
            store.close();
            store = null;
        }
        watchdog.forget();
    }

    private static void killIfAny(ChildProcess process) throws InterruptedException {
        if (process != null) {
            process.kill();
        }
    }

    private void stopQuietly(ChildProcess process) {
        // a training start writes its archive as it exits, which takes seconds more on a busy machine
        stopQuietly(process, training ? Duration.ofMinutes(2) : Duration.ofSeconds(20));
    }

    private static void stopQuietly(ChildProcess process, Duration grace) {
        try {
            if (process != null) {
                process.stop(grace);
            }
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
