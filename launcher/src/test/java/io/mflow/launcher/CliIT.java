package io.mflow.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code mflow} as a person or another CI system runs it: {@code java -jar cli/target/mflow-cli.jar}, a process of
 * its own, against the whole engine. One engine for the class and three runs: one approved and followed, one that
 * fails, one canceled (and a login and the agents' list, which start none).
 */
class CliIT {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern STARTED = Pattern.compile("Run (pt-\\S+) started");

    @TempDir
    static Path dir;

    static Engine engine;
    static MflowClient mflow;
    static String vera;

    @BeforeAll
    static void startEngine() throws Exception {
        assertThat(home().resolve("cli/target/mflow-cli.jar")).as("built by the cli module before this one; alone: "
                + "./mvnw -q -pl cli -am package -DskipTests").exists();
        // run by root, the engine runs LOCAL jobs as users of their own: they write their ledgers here
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        engine = Engine.start(EngineSettings.defaults(home()).shifted(15_000, dir.resolve("data")));
        mflow = new MflowClient(engine.baseUri(Service.TASK), engine.adminToken());
        mflow.post("/api/v1/users", Map.of("name", "vera", "roles", List.of("DEVELOPER")), 201);
        vera = mflow.post("/api/v1/users/vera/tokens", Map.of("name", "cli"), 201).get("token").asString();
    }

    @AfterAll
    static void stopEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void loginKeepsTheTokenInAFileOnlyTheUserCanReadNeverPrintsItAndLogoutRemovesIt() throws Exception {
        Path config = dir.resolve("login-config");
        String token = engine.adminToken();
        Map<String, String> env = Map.of("XDG_CONFIG_HOME", config.toString());

        Cli login = Cli.start(env, token + "\n", "login", "--server", engine.baseUri(Service.TASK).toString(),
                "--token-stdin").finish();
        Cli listed = Cli.start(env, null, "pipelines", "list").finish();
        Path file = config.resolve("mflow/credentials");
        String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
        Cli logout = Cli.start(env, null, "logout").finish();
        Cli afterwards = Cli.start(env, null, "pipelines", "list").finish();

        assertThat(login.exit).as(login.err).isZero();
        assertThat(login.out).contains("Logged in to " + engine.baseUri(Service.TASK) + " as admin");
        assertThat(mode).isEqualTo("rw-------");
        assertThat(login.out + login.err + listed.out + listed.err + logout.out).doesNotContain(token);
        assertThat(listed.exit).as("the saved token is used: " + listed.err).isZero();
        assertThat(listed.out).startsWith("ID");
        assertThat(logout.exit).isZero();
        assertThat(file).doesNotExist();
        assertThat(afterwards.exit).isEqualTo(5);
        assertThat(afterwards.err).contains("not signed in");
    }

    @Test
    void anAuditedRunIsApprovedItsRunningJobsLogFollowedAndWaitExitsZeroWhenItSucceeds() throws Exception {
        String talker = job("talker", "for i in 1 2 3 4 5 6; do echo \"line $i of $GREETING\"; sleep 1; done",
                List.of(Map.of("name", "GREETING", "value", "nobody")));
        Map<String, Object> task = new java.util.HashMap<>(Map.of("name", "talk", "job", talker));
        task.put("audit", Map.of("auditors", List.of("vera")));
        String pipeline = "cli-approved-" + System.nanoTime();
        mflow.post("/api/v1/pipelines", Map.of("name", pipeline, "stages", List.of(
                Map.of("name", "talk", "parallel", false, "tasks", List.of(task)))), 201);

        try (Cli waiting = Cli.start(admin(), null, "run", pipeline, "-p", "GREETING=the cli", "--wait")) {
            String run = waiting.awaitRunId();
            String jobTask = mflow.awaitJobTaskIn(run, "PENDING", RUN_TIMEOUT);
            awaitGate(jobTask, "WAITING");

            Cli approved = Cli.start(Map.of("MFLOW_SERVER", server(), "MFLOW_TOKEN", vera), null,
                    "approve", jobTask, "-m", "go ahead").finish();
            assertThat(approved.exit).as(approved.err).isZero();
            assertThat(approved.out).contains(jobTask, "PENDING", "PASS");

            mflow.awaitJobTaskIn(run, "ACTIVE", RUN_TIMEOUT);
            try (Cli logs = Cli.start(admin(), null, "logs", "-f", jobTask)) {
                logs.awaitOut(out -> out.contains("line 1 of the cli"));
                assertThat(mflow.get("/api/v1/job-tasks/" + jobTask).get("stage").asString())
                        .as("the first line came while the job still ran").isEqualTo("ACTIVE");
                assertThat(logs.process.waitFor(60, TimeUnit.SECONDS)).as("-f ends when the attempt ends").isTrue();
                assertThat(logs.finish().exit).isZero();
                assertThat(logs.out.lines().toList()).containsSubsequence("line 1 of the cli", "line 6 of the cli");
            }

            Cli done = waiting.finish();
            assertThat(done.exit).as(done.out + done.err).isZero();
            assertThat(done.out).contains("talk/talk SUCCEEDED attempt 1", "Run " + run + " of " + pipeline + ": SUCCEEDED");

            Cli log = Cli.start(admin(), null, "logs", jobTask).finish();
            assertThat(log.out.lines().filter(line -> line.startsWith("line ")).toList()).as(log.err).hasSize(6);

            Cli shown = Cli.start(admin(), null, "runs", "show", run, "-o", "json").finish();
            JsonNode json = JSON.readTree(shown.out);
            assertThat(json.get("id").asString()).isEqualTo(run);
            assertThat(json.get("stage").asString()).isEqualTo("SUCCEEDED");
            assertThat(json.get("stages").get(0).get("jobTasks").get(0).get("id").asString()).isEqualTo(jobTask);
        }
    }

    @Test
    void waitExitsOneWhenTheRunFailedAndTwoWhenItWasCanceled() throws Exception {
        String failing = pipeline("cli-failing", job("failing", "echo \"no luck\"; exit 3", List.of()));
        String sleeping = pipeline("cli-sleeping", job("sleeper", "sleep 60", List.of()));

        try (Cli failed = Cli.start(admin(), null, "run", failing, "--wait", "-o", "json");
             Cli canceled = Cli.start(admin(), null, "run", sleeping, "--wait")) {
            String run = canceled.awaitRunId();
            mflow.awaitJobTaskIn(run, "ACTIVE", RUN_TIMEOUT);
            Cli cancel = Cli.start(admin(), null, "runs", "cancel", run).finish();
            assertThat(cancel.exit).as(cancel.err).isZero();

            Cli failedRun = failed.finish();
            assertThat(failedRun.exit).as(failedRun.err).isEqualTo(1);
            JsonNode json = JSON.readTree(failedRun.out);
            assertThat(json.get("stage").asString()).as("-o json prints the run as it ended").isEqualTo("FAILED");
            assertThat(json.get("pipelineId").asString()).isEqualTo(failing);
            Cli canceledRun = canceled.finish();
            assertThat(canceledRun.exit).as(canceledRun.out + canceledRun.err).isEqualTo(2);
            assertThat(canceledRun.out).contains("Run " + run + " of cli-sleeping");
        }

        Cli refused = Cli.start(admin(), null, "skip", "jt-nothing", "-m", "no such task").finish();
        assertThat(refused.exit).isEqualTo(3);
        assertThat(refused.err).startsWith("mflow: ").contains("(404)", "jt-nothing").doesNotContain("Exception", "\tat ");
    }

    @Test
    void agentsAreListedThroughTaskService() throws Exception {
        Cli json = Cli.start(admin(), null, "agents", "-o", "json").finish();
        Cli table = Cli.start(admin(), null, "agents").finish();

        assertThat(json.exit).as(json.err).isZero();
        assertThat(JSON.readTree(json.out).isArray()).as(json.out).isTrue();
        assertThat(table.exit).as(table.err).isZero();
        assertThat(table.out).startsWith("NAME");
    }

    /** {@code java -jar cli/target/mflow-cli.jar ...}: its output in files, read as it grows. */
    private static final class Cli implements AutoCloseable {

        final Process process;
        private final Path stdout;
        private final Path stderr;
        int exit;
        String out;
        String err;

        private Cli(Process process, Path stdout, Path stderr) {
            this.process = process;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        static Cli start(Map<String, String> env, String stdin, String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of(Engine.javaBinary(), "-Xmx96m", "-XX:TieredStopAtLevel=1",
                    "-jar", home().resolve("cli/target/mflow-cli.jar").toString()));
            command.addAll(List.of(args));
            String name = "mflow-cli-" + System.nanoTime();
            Path stdout = dir.resolve(name + ".out");
            Path stderr = dir.resolve(name + ".err");
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile());
            builder.environment().keySet().removeIf(key -> key.startsWith("MFLOW_"));
            builder.environment().put("XDG_CONFIG_HOME", dir.resolve("no-config").toString());
            builder.environment().putAll(env);
            Process process = builder.start();
            if (stdin != null) {
                process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            process.getOutputStream().close();
            return new Cli(process, stdout, stderr);
        }

        /** Waits for the process to end by itself and reads what it printed. */
        Cli finish() throws Exception {
            assertThat(process.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("mflow ended; stderr: "
                    + Files.readString(stderr)).isTrue();
            exit = process.exitValue();
            out = Files.readString(stdout);
            err = Files.readString(stderr);
            return this;
        }

        /** The run {@code mflow run --wait} started, as it says on stderr. */
        String awaitRunId() throws Exception {
            Instant deadline = Instant.now().plus(RUN_TIMEOUT);
            while (Instant.now().isBefore(deadline)) {
                Matcher started = STARTED.matcher(Files.readString(stderr));
                if (started.find()) {
                    return started.group(1);
                }
                assertThat(process.isAlive()).as("mflow run ended early: " + Files.readString(stderr)).isTrue();
                Thread.sleep(100);
            }
            throw new AssertionError("mflow run said no run id: " + Files.readString(stderr));
        }

        void awaitOut(java.util.function.Predicate<String> enough) throws Exception {
            Instant deadline = Instant.now().plus(RUN_TIMEOUT);
            while (!enough.test(Files.readString(stdout)) && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }
            assertThat(Files.readString(stdout)).as("stderr: " + Files.readString(stderr)).matches(enough);
        }

        @Override
        public void close() throws Exception {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    private static Map<String, String> admin() throws IOException {
        return Map.of("MFLOW_SERVER", server(), "MFLOW_TOKEN", engine.adminToken());
    }

    private static String server() {
        return engine.baseUri(Service.TASK).toString();
    }

    private static void awaitGate(String jobTask, String stage) throws Exception {
        Instant deadline = Instant.now().plus(RUN_TIMEOUT);
        while (!stage.equals(mflow.get("/api/v1/job-tasks/" + jobTask).path("audit").path("stage").asString())) {
            assertThat(Instant.now()).as("the audit of " + jobTask + " got to " + stage).isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private static String pipeline(String name, String job) throws Exception {
        return mflow.post("/api/v1/pipelines", Map.of("name", name, "stages", List.of(
                Map.of("name", name, "parallel", false, "tasks", List.of(Map.of("name", name, "job", job))))),
                201).get("id").asString();
    }

    private static String job(String name, String script, List<Map<String, Object>> params) throws Exception {
        return mflow.post("/api/v1/jobs", Map.of("name", name + "-" + System.nanoTime(), "runnerType", "LOCAL",
                "runnerSpec", script, "params", params), 201).get("id").asString();
    }

    private static Path home() {
        return Path.of(System.getProperty("mflow.home", "..")).toAbsolutePath().normalize();
    }
}
