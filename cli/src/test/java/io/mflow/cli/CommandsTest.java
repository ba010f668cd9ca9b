package io.mflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/** The commands against a stand-in for task-service that answers what each test tells it to. */
class CommandsTest {

    @TempDir
    Path config;

    private HttpServer server;
    /** Path (with query) to status and body; what was asked is kept in {@link #asked}. */
    private final Map<String, Object[]> answers = new ConcurrentHashMap<>();
    private final Map<String, String> asked = new ConcurrentHashMap<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().toString();
            asked.put(exchange.getRequestMethod() + " " + path, new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8) + " auth=" + exchange.getRequestHeaders().getFirst("Authorization"));
            Object[] answer = answers.getOrDefault(path, new Object[] {404,
                    "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,\"detail\":\"nothing at " + path + "\"}"});
            byte[] body = ((String) answer[1]).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", (int) answer[0] >= 400 ? "application/problem+json"
                    : "application/json");
            exchange.sendResponseHeaders((int) answer[0], body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void runSendsEachParamAsNameAndValueAndJsonOutputIsTheApisAnswer() {
        answer("/api/v1/pipelines/ship", 404, problem("Not Found", "no pipeline with id ship"));
        answer("/api/v1/pipelines?page=0&size=100", 200, "{\"items\":[{\"id\":\"pl-9\",\"name\":\"ship\"}],\"total\":1}");
        answer("/api/v1/pipelines/pl-9/runs", 201, "{\"id\":\"pt-1\",\"pipelineName\":\"ship\",\"stage\":\"PENDING\"}");

        int exit = mflow("run", "ship", "-p", "GREETING=hi there", "-p", "URL=a=b", "-p", "EMPTY=", "--dry-run",
                "-o", "json");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(MflowApi.JSON.readTree(out.toString()).get("id").asString()).isEqualTo("pt-1");
        JsonNode body = MflowApi.JSON.readTree(asked.get("POST /api/v1/pipelines/pl-9/runs").split(" auth=")[0]);
        assertThat(body.toString()).isEqualTo("{\"params\":[{\"name\":\"GREETING\",\"value\":\"hi there\"},"
                + "{\"name\":\"URL\",\"value\":\"a=b\"},{\"name\":\"EMPTY\",\"value\":\"\"}],\"labels\":{},\"dryRun\":true}");
        assertThat(asked.get("POST /api/v1/pipelines/pl-9/runs")).endsWith("auth=Bearer mf_token");
    }

    @Test
    void aParamWithoutAnEqualsSignIsAUsageError() {
        assertThat(mflow("run", "ship", "-p", "GREETING")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("'GREETING' is not NAME=VALUE");
        assertThat(asked).isEmpty();
    }

    @Test
    void aProblemIsPrintedAsItsTitleAndDetailOnStderrWithoutAStackTrace() {
        answer("/api/v1/job-tasks/jt-1/skip", 409, problem("Conflict", "job task jt-1 is ACTIVE: only a FAILED or PENDING task may be skipped"));

        int exit = mflow("skip", "jt-1", "-m", "known flake");

        assertThat(exit).isEqualTo(ExitCodes.REFUSED);
        assertThat(err.toString()).isEqualTo("mflow: Conflict (409): job task jt-1 is ACTIVE: only a FAILED or PENDING "
                + "task may be skipped\n");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aTokenTheServerDoesNotTakeIsNotSignedIn() {
        answer("/api/v1/agents", 401, problem("Unauthorized", "the token is unknown, expired or revoked"));

        assertThat(mflow("agents")).isEqualTo(ExitCodes.NOT_SIGNED_IN);
        assertThat(err.toString()).contains("Unauthorized (401)").doesNotContain("mf_token");
    }

    @Test
    void noServerListeningIsOneClearLine() {
        server.stop(0);

        int exit = mflow("runs", "list");

        assertThat(exit).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(err.toString()).startsWith("mflow: cannot reach http://127.0.0.1:").endsWith("(connection refused); "
                + "is mflow running there?\n").hasLineCount(1);
    }

    @Test
    void decisionsGoToTheirGateWithTheComment() {
        String task = "{\"id\":\"jt-1\",\"name\":\"deploy\",\"stage\":\"PENDING\",\"attempt\":1,\"audit\":{\"stage\":\"PASS\"}}";
        answer("/api/v1/job-tasks/jt-1/audit", 200, task);
        answer("/api/v1/job-tasks/jt-1/confirm", 200, task);

        assertThat(mflow("approve", "jt-1", "-m", "go")).isZero();
        String approved = asked.get("POST /api/v1/job-tasks/jt-1/audit");
        assertThat(mflow("confirm", "jt-1", "--fail", "-m", "canary red")).isZero();

        assertThat(approved).startsWith("{\"decision\":\"PASS\",\"comment\":\"go\"}");
        assertThat(asked.get("POST /api/v1/job-tasks/jt-1/confirm")).startsWith(
                "{\"decision\":\"DENY\",\"comment\":\"canary red\"}");
        assertThat(out.toString()).contains("jt-1  deploy  PENDING  1        PASS");
    }

    @Test
    void aListIsATableByDefault() {
        answer("/api/v1/pipelines?page=0&size=20", 200, "{\"items\":[{\"id\":\"pl-1\",\"name\":\"ship\",\"stages\":"
                + "[{\"name\":\"build\"},{\"name\":\"deploy\"}],\"createdBy\":\"admin\",\"createdAt\":\"2026-12-07T10:00:00Z\"}]}");

        assertThat(mflow("pipelines", "list")).isZero();

        assertThat(out.toString()).isEqualTo("ID    NAME  STAGES          CREATED BY  CREATED\n"
                + "pl-1  ship  build > deploy  admin       2026-12-07T10:00:00Z\n");
    }

    @Test
    void agentsAreListedWithWhetherTheyAreAliveTheirTagsAndWhatTheyRun() {
        answer("/api/v1/agents", 200, "[{\"name\":\"build-1\",\"tags\":[\"linux\",\"docker\"],\"version\":\"0.1.0\","
                + "\"concurrency\":2,\"untagged\":true,\"lastHeartbeat\":\"2026-12-07T10:00:00Z\",\"alive\":true,"
                + "\"running\":[{\"attemptId\":\"jt-1:1\",\"jobTaskId\":\"jt-1\",\"state\":\"RUNNING\"}]},"
                + "{\"name\":\"old\",\"tags\":[],\"concurrency\":1,\"untagged\":false,\"alive\":false,\"running\":[]}]");

        assertThat(mflow("agents")).isZero();

        assertThat(lines(out.toString())).containsExactly(
                "NAME     ALIVE  TAGS                          RUNNING  CONCURRENCY  VERSION  LAST HEARTBEAT",
                "build-1  yes    linux,docker,(untagged jobs)  1        2            0.1.0    2026-12-07T10:00:00Z",
                "old      no     -                             0        1            -        -");
    }

    @Test
    void withoutATokenACommandSaysHowToSignIn() {
        CommandLine mflow = MflowCommand.commandLine(Map.of("XDG_CONFIG_HOME", config.toString()))
                .setOut(new PrintWriter(out)).setErr(new PrintWriter(err));

        assertThat(mflow.execute("runs", "list")).isEqualTo(ExitCodes.NOT_SIGNED_IN);
        assertThat(err.toString()).contains("not signed in: run 'mflow login --server http://127.0.0.1:8080'");
    }

    @Test
    void completionIsAScriptForEveryCommand() {
        assertThat(mflow("completion")).isZero();

        assertThat(out.toString()).contains("mflow Bash Completion", "login", "runs", "watch", "approve", "completion");
    }

    private int mflow(String... args) {
        CommandLine mflow = MflowCommand.commandLine(Map.of("XDG_CONFIG_HOME", config.toString(),
                        "MFLOW_SERVER", "http://127.0.0.1:" + server.getAddress().getPort(), "MFLOW_TOKEN", "mf_token"))
                .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        return mflow.execute(args);
    }

    private void answer(String path, int status, String body) {
        answers.put(path, new Object[] {status, body});
    }

    private static String problem(String title, String detail) {
        return "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"detail\":\"" + detail + "\"}";
    }

    static List<String> lines(String text) {
        return text.lines().toList();
    }
}
