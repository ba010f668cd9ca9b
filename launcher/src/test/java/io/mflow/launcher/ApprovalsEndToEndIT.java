package io.mflow.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A release approval decided from chat, seen from outside the whole engine: its creator submits it, a local server
 * standing in for a Slack robot receives the card with the Approve and Deny buttons, the auditor's click (a callback
 * Slack signs) passes it and its pipeline's LOCAL job runs once, and the robot is told who decided. Callbacks that are
 * forged, replayed, or clicked by someone who may not decide change nothing.
 */
class ApprovalsEndToEndIT {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration CARD_TIMEOUT = Duration.ofSeconds(60);
    private static final String SLACK_SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final String FEISHU_TOKEN = "feishu-verification-e2e";
    private static final String DB_PASSWORD = "s3cret-release-pw";

    @TempDir
    static Path dir;

    static Engine engine;
    static MflowClient admin;
    static MflowClient creator;
    static SlackRobot robot;
    static final HttpClient http = HttpClient.newHttpClient();
    static final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    static void startEngine() throws Exception {
        Path home = Path.of(System.getProperty("mflow.home", "..")).toAbsolutePath().normalize();
        robot = new SlackRobot();
        // run by root, the engine runs LOCAL jobs as users of their own: they write their ledgers here
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        // the stand-in robot listens on loopback, which notify-service (and task-service) refuse unless allowed
        engine = Engine.start(EngineSettings.defaults(home).shifted(27_000, dir.resolve("data"))
                .withEnv(Map.of("MFLOW_NOTIFY_ALLOWED_PRIVATE_NETWORKS", "127.0.0.0/8",
                        "MFLOW_APPROVALS_SLACK_SIGNING_SECRET", SLACK_SIGNING_SECRET,
                        "MFLOW_APPROVALS_FEISHU_VERIFICATION_TOKEN", FEISHU_TOKEN)));
        admin = new MflowClient(engine.baseUri(Service.TASK), engine.adminToken());

        admin.post("/api/v1/users", Map.of("name", "cora", "roles", List.of("DEVELOPER")), 201);
        admin.post("/api/v1/users", Map.of("name", "audra", "roles", List.of("VIEWER")), 201);
        admin.post("/api/v1/users", Map.of("name", "oscar", "roles", List.of("VIEWER")), 201);
        admin.post("/api/v1/users", Map.of("name", "bert", "roles", List.of("VIEWER")), 201);
        patch("/api/v1/users/cora", Map.of("chatIds", Map.of("slack", "U-CREATOR")));
        patch("/api/v1/users/audra", Map.of("chatIds", Map.of("slack", "U-AUDITOR", "feishu", "ou-auditor")));
        patch("/api/v1/users/oscar", Map.of("chatIds", Map.of("slack", "U-OPERATOR")));
        patch("/api/v1/users/bert", Map.of("chatIds", Map.of("slack", "U-AUDITOR-2")));
        creator = new MflowClient(engine.baseUri(Service.TASK),
                admin.post("/api/v1/users/cora/tokens", Map.of("name", "e2e"), 201).get("token").asString());
    }

    @AfterAll
    static void stopEngine() {
        if (engine != null) {
            engine.close();
        }
        if (robot != null) {
            robot.close();
        }
    }

    @Test
    void anAuditorsSlackClickPassesTheApprovalAndItsPipelineRunsOnceWhileForgedOrWrongClicksChangeNothing()
            throws Exception {
        Path ledger = ledger("slack");
        String pipelineId = pipeline("release-web", ledger);
        String hook = "/services/T0001/B0001/slack-e2e";
        JsonNode created = creator.post("/api/v1/approvals", Map.of("title", "release web 1.2",
                "description", "ships *web* 1.2", "pipelineId", pipelineId,
                // the creator is listed too: four eyes must still keep them from deciding
                "auditors", List.of("audra", "bert", "cora"), "operators", List.of("oscar"),
                "runParams", List.of(Map.of("name", "VERSION", "value", "1.2"),
                        Map.of("name", "DB_PASSWORD", "value", DB_PASSWORD)), "autoRun", true,
                "webhooks", List.of(Map.of("url", robot.url(hook), "type", "SLACK"))), 201);
        String id = created.get("id").asString();
        assertThat(created.get("stage").asString()).isEqualTo("DRAFT");
        assertThat(created.get("createdBy").asString()).isEqualTo("cora");
        assertThat(created.toString()).as("the sensitive param is sealed at once").doesNotContain(DB_PASSWORD)
                .contains("******");
        assertThat(creator.post("/api/v1/approvals/" + id + "/submit", Map.of(), 200).get("stage").asString())
                .isEqualTo("SUBMITTED");

        // the robot gets the card with the buttons a click of which comes back to mflow
        JsonNode card = robot.awaitCard(hook, c -> !buttons(c).isEmpty());
        assertThat(card.get("text").asString()).contains("release web 1.2");
        assertThat(card.toString()).contains("VERSION: 1.2", "DB_PASSWORD: ******");
        List<JsonNode> buttons = buttons(card);
        assertThat(buttons).extracting(b -> b.get("action_id").asString())
                .containsExactly("mflow.approval.pass", "mflow.approval.deny");
        assertThat(buttons).allSatisfy(b -> assertThat(b.get("value").asString()).isEqualTo(id));

        String pass = slackClick("U-AUDITOR", "mflow.approval.pass", id);
        String now = String.valueOf(Instant.now().getEpochSecond());

        // forged: signed with another secret, not signed at all, or signed long ago (a replay), is refused
        assertThat(slack(pass, now, sign("not-the-secret", now, pass)).statusCode()).isEqualTo(401);
        assertThat(slack(pass, now, null).statusCode()).isEqualTo(401);
        String old = String.valueOf(Instant.now().minus(Duration.ofMinutes(10)).getEpochSecond());
        assertThat(slack(pass, old, sign(SLACK_SIGNING_SECRET, old, pass)).statusCode()).isEqualTo(401);
        // signed with the right secret, but over another body than the one sent
        String deny = slackClick("U-AUDITOR", "mflow.approval.deny", id);
        assertThat(slack(deny, now, sign(SLACK_SIGNING_SECRET, now, pass)).statusCode()).isEqualTo(401);

        // signed, but clicked by who may not decide: told why, in the chat
        assertThat(signedText(slackClick("U-CREATOR", "mflow.approval.pass", id))).contains("four eyes");
        assertThat(signedText(slackClick("U-STRANGER", "mflow.approval.pass", id))).contains("not known to mflow");
        assertThat(signedText(slackClick("U-OPERATOR", "mflow.approval.pass", id))).startsWith("Nothing changed");
        JsonNode waiting = admin.get("/api/v1/approvals/" + id);
        assertThat(waiting.get("stage").asString()).isEqualTo("SUBMITTED");
        assertThat(waiting.get("history")).as("nothing recorded for them").hasSize(2);
        assertThat(runsOf(id)).isEmpty();

        // the auditor's click, signed by Slack: passed, and with autoRun, run
        HttpResponse<String> clicked = slack(pass, now, sign(SLACK_SIGNING_SECRET, now, pass));
        assertThat(clicked.statusCode()).as(clicked.body()).isEqualTo(200);
        JsonNode answer = json.readTree(clicked.body());
        assertThat(answer.get("response_type").asString()).isEqualTo("ephemeral");
        assertThat(answer.get("text").asString()).isEqualTo("Done: audra passed approval " + id + ".");

        JsonNode running = awaitStage(id, "RUNNING");
        assertThat(running.get("pipelineTaskId").asString()).isEqualTo("pt-" + id);
        List<String> moves = new ArrayList<>();
        running.get("history").forEach(step -> moves.add(step.get("to").asString() + " by "
                + step.get("by").asString() + ": " + step.path("comment").asString("")));
        assertThat(moves).contains("PASSED by audra: passed from Slack").anyMatch(m -> m.startsWith("RUNNING by audra"));

        JsonNode done = admin.awaitFinished("pt-" + id, RUN_TIMEOUT);
        assertThat(done.get("stage").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("triggeredBy").asString()).isEqualTo("approval:" + id);
        assertThat(done.get("labels").get("mflow.io/approval").asString()).isEqualTo(id);
        assertThat(Files.readAllLines(ledger)).as("the job got the password opened")
                .containsExactly("pt-" + id + " 1.2 " + HexFormat.of().formatHex(java.security.MessageDigest
                        .getInstance("SHA-256").digest(DB_PASSWORD.getBytes(StandardCharsets.UTF_8))).substring(0, 16));

        // the robot is told, on cards without buttons, that the auditor passed it and the run started
        JsonNode passed = robot.awaitCard(hook, c -> buttons(c).isEmpty() && c.toString().contains("Passed"));
        assertThat(passed.toString()).contains("by audra", "passed from Slack");
        JsonNode started = robot.awaitCard(hook, c -> buttons(c).isEmpty() && c.toString().contains("Run started"));
        assertThat(started.toString()).contains("by audra", "pt-" + id);

        // Slack delivers the good click again (within its five minutes): it changes nothing, starts nothing
        HttpResponse<String> replayed = slack(pass, now, sign(SLACK_SIGNING_SECRET, now, pass));
        assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(200);
        // the other auditor clicks their copy of the card late: told who passed it, and nothing changes
        assertThat(signedText(slackClick("U-AUDITOR-2", "mflow.approval.pass", id)))
                .isEqualTo("Nothing changed: approval " + id + " was already passed by audra.");
        assertThat(signedText(slackClick("U-AUDITOR-2", "mflow.approval.deny", id))).startsWith("Nothing changed");
        Thread.sleep(5_000); // a second run, were one started, would have written by now
        JsonNode after = admin.get("/api/v1/approvals/" + id);
        assertThat(after.get("stage").asString()).isEqualTo("RUNNING");
        assertThat(after.get("history")).hasSameSizeAs(running.get("history"));
        assertThat(runsOf(id)).hasSize(1);
        assertThat(Files.readAllLines(ledger)).as("the job ran once").hasSize(1);
        assertThat(robot.cardsTo(hook)).as("one card with buttons, ever")
                .filteredOn(c -> !buttons(c).isEmpty()).hasSize(1);
        assertThat(robot.cardsTo(hook)).allSatisfy(c -> assertThat(c.toString()).doesNotContain(DB_PASSWORD));
        assertThat(admin.getRaw("/api/v1/approvals/" + id)).doesNotContain(DB_PASSWORD);
    }

    @Test
    void anAuditorsFeishuClickDeniesTheApprovalAndACallbackWithoutTheVerificationTokenChangesNothing()
            throws Exception {
        String pipelineId = pipeline("release-api", ledger("feishu"));
        String id = creator.post("/api/v1/approvals", Map.of("title", "release api 2.0", "pipelineId", pipelineId,
                "auditors", List.of("audra"), "operators", List.of("oscar"),
                "runParams", List.of(Map.of("name", "VERSION", "value", "2.0"))), 201).get("id").asString();
        creator.post("/api/v1/approvals/" + id + "/submit", Map.of(), 200);

        // Feishu checks the request URL when it is saved: answered with its challenge, only with the right token
        HttpResponse<String> check = feishu(Map.of("type", "url_verification", "token", FEISHU_TOKEN,
                "challenge", "ch-123"));
        assertThat(check.statusCode()).as(check.body()).isEqualTo(200);
        assertThat(json.readTree(check.body()).get("challenge").asString()).isEqualTo("ch-123");

        Map<String, Object> click = Map.of("open_id", "ou-auditor", "token", FEISHU_TOKEN,
                "action", Map.of("tag", "button", "value", Map.of("approvalId", id, "decision", "DENY")));
        Map<String, Object> forged = Map.of("open_id", "ou-auditor", "token", "guessed",
                "action", Map.of("tag", "button", "value", Map.of("approvalId", id, "decision", "DENY")));
        assertThat(feishu(forged).statusCode()).isEqualTo(401);
        assertThat(admin.get("/api/v1/approvals/" + id).get("stage").asString()).isEqualTo("SUBMITTED");

        HttpResponse<String> denied = feishu(click);
        assertThat(denied.statusCode()).as(denied.body()).isEqualTo(200);
        JsonNode toast = json.readTree(denied.body()).get("toast");
        assertThat(toast.get("type").asString()).as(toast.toString()).isEqualTo("success");
        JsonNode approval = admin.get("/api/v1/approvals/" + id);
        assertThat(approval.get("stage").asString()).isEqualTo("DENIED");
        JsonNode last = approval.get("history").get(approval.get("history").size() - 1);
        assertThat(last.get("by").asString()).isEqualTo("audra");
        assertThat(last.get("comment").asString()).isEqualTo("denied from Feishu");
        assertThat(runsOf(id)).isEmpty();
    }

    /**
     * A pipeline of one LOCAL job that writes its run's id and the VERSION it was given to the ledger, and whether it
     * was given the sensitive DB_PASSWORD (its hash, never the password itself).
     */
    private static String pipeline(String name, Path ledger) throws Exception {
        String job = admin.post("/api/v1/jobs", Map.of("name", name + "-deploy", "runnerType", "LOCAL",
                "runnerSpec", "given=$(printf %s \"$DB_PASSWORD\" | sha256sum | cut -c1-16);"
                        + " echo \"$PIPELINE_TASK_ID $VERSION $given\" >> \"$LEDGER\"",
                "params", List.of(Map.of("name", "LEDGER", "value", ledger.toString()), Map.of("name", "VERSION"),
                        Map.of("name", "DB_PASSWORD", "sensitive", true))),
                201).get("id").asString();
        return admin.post("/api/v1/pipelines", Map.of("name", name, "stages", List.of(Map.of("name", "deploy",
                "tasks", List.of(Map.of("name", "deploy", "job", job))))), 201).get("id").asString();
    }

    /** What Slack posts when a user clicks a button of a Block Kit message: the form {@code payload=<json>}. */
    private static String slackClick(String userId, String actionId, String approvalId) throws Exception {
        String payload = json.writeValueAsString(Map.of("type", "block_actions",
                "user", Map.of("id", userId, "username", userId.toLowerCase(), "team_id", "T0001"),
                "api_app_id", "A0001", "team", Map.of("id", "T0001", "domain", "example"),
                "response_url", "https://hooks.slack.com/actions/T0001/1/abc",
                "actions", List.of(Map.of("type", "button", "block_id", "mflow.approval", "action_id", actionId,
                        "value", approvalId, "action_ts", "1733580000.000100",
                        "text", Map.of("type", "plain_text", "text", "Approve")))));
        return "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8);
    }

    /** Slack's v0 signature: hex HMAC-SHA256 of {@code v0:<timestamp>:<body>}. */
    private static String sign(String secret, String timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "v0=" + HexFormat.of().formatHex(mac.doFinal(("v0:" + timestamp + ":" + body)
                .getBytes(StandardCharsets.UTF_8)));
    }

    private static HttpResponse<String> slack(String body, String timestamp, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(engine.baseUri(Service.TASK)
                        .resolve("/api/v1/approvals/callbacks/slack"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("User-Agent", "Slackbot 1.0 (+https://api.slack.com/robots)")
                .header("X-Slack-Request-Timestamp", timestamp)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header("X-Slack-Signature", signature);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A correctly signed click: 200, and the text shown to the clicker. */
    private static String signedText(String body) throws Exception {
        String now = String.valueOf(Instant.now().getEpochSecond());
        HttpResponse<String> response = slack(body, now, sign(SLACK_SIGNING_SECRET, now, body));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body()).get("text").asString();
    }

    private static HttpResponse<String> feishu(Object body) throws Exception {
        return http.send(HttpRequest.newBuilder(engine.baseUri(Service.TASK)
                        .resolve("/api/v1/approvals/callbacks/feishu"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode awaitStage(String id, String stage) {
        JsonNode[] approval = new JsonNode[1];
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            approval[0] = admin.get("/api/v1/approvals/" + id);
            return stage.equals(approval[0].get("stage").asString());
        });
        return approval[0];
    }

    /** The buttons of a Slack card's actions blocks; none once it is decided. */
    private static List<JsonNode> buttons(JsonNode card) {
        List<JsonNode> buttons = new ArrayList<>();
        card.path("blocks").forEach(block -> {
            if ("actions".equals(block.path("type").asString(""))) {
                block.path("elements").forEach(buttons::add);
            }
        });
        return buttons;
    }

    private static List<JsonNode> runsOf(String approvalId) throws Exception {
        List<JsonNode> runs = new ArrayList<>();
        admin.get("/api/v1/pipeline-tasks?size=100&label=" + URLEncoder.encode("mflow.io/approval=" + approvalId,
                StandardCharsets.UTF_8)).path("items").forEach(runs::add);
        return runs;
    }

    private static void patch(String path, Object body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(engine.baseUri(Service.TASK).resolve(path))
                .header("Authorization", "Bearer " + engine.adminToken()).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    /** A file a job appends to, writable by the users the engine runs LOCAL jobs as. */
    private static Path ledger(String name) throws IOException {
        Path file = dir.resolve(name + ".ledger");
        Files.writeString(file, "");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        return file;
    }

    /** Stands in for Slack's incoming webhooks: takes every message ({@code 200 ok}, as Slack does), remembering it. */
    static final class SlackRobot implements AutoCloseable {

        private record Message(String path, JsonNode body) {
        }

        private final HttpServer server;
        private final List<Message> messages = new CopyOnWriteArrayList<>();

        SlackRobot() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/services/", this::message);
            server.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        List<JsonNode> cardsTo(String path) {
            return messages.stream().filter(m -> m.path().equals(path)).map(Message::body).toList();
        }

        JsonNode awaitCard(String path, java.util.function.Predicate<JsonNode> wanted) {
            JsonNode[] card = new JsonNode[1];
            Awaitility.await().atMost(CARD_TIMEOUT).until(() -> {
                card[0] = cardsTo(path).stream().filter(wanted).findFirst().orElse(null);
                return card[0] != null;
            });
            return card[0];
        }

        private void message(HttpExchange exchange) throws IOException {
            messages.add(new Message(exchange.getRequestURI().getRawPath(),
                    json.readTree(exchange.getRequestBody().readAllBytes())));
            byte[] reply = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
