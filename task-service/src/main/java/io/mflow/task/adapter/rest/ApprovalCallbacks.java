package io.mflow.task.adapter.rest;

import io.mflow.platform.web.Problems;
import io.mflow.task.app.ReleaseApprovals;
import io.mflow.task.app.RequestRefused;
import io.mflow.task.app.Users;
import io.mflow.task.domain.Actor;
import io.mflow.task.domain.Approval;
import io.mflow.task.domain.User;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.InvalidKeyException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Deciding an approval from a chat card (docs/approvals.md). Feishu and Slack cannot send an mflow token: each call is
 * verified by its platform's own scheme (a bad or missing signature, or one older than five minutes, is a 401 and
 * changes nothing), and the person who clicked is the mflow user an admin gave that chat id. A clicker who may not
 * decide gets an answer saying why, in the chat, and nothing changes.
 */
@RestController
@RequestMapping("/api/v1/approvals/callbacks")
public class ApprovalCallbacks {

    public static final String PATHS = "/api/v1/approvals/callbacks/**";

    /** The same paths as a servlet filter's url pattern. */
    public static final String URL_PATTERN = "/api/v1/approvals/callbacks/*";

    static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * @param feishuVerificationToken the Feishu app's verification token; unset: Feishu callbacks are refused
     * @param feishuEncryptKey        the Feishu app's encrypt key; set, every callback must be signed with it
     * @param slackSigningSecret      the Slack app's signing secret; unset: Slack callbacks are refused
     */
    public record Settings(String feishuVerificationToken, String feishuEncryptKey, String slackSigningSecret) {

        @Override
        public String toString() {
            return "Settings[feishu=" + (blank(feishuVerificationToken) ? "off" : "on") + ", slack="
                    + (blank(slackSigningSecret) ? "off" : "on") + "]";
        }
    }

    private final ReleaseApprovals approvals;
    private final Users users;
    private final Settings settings;
    private final Clock clock;

    public ApprovalCallbacks(ReleaseApprovals approvals, Users users, Settings settings, Clock clock) {
        this.approvals = approvals;
        this.users = users;
        this.settings = settings;
        this.clock = clock;
    }

    @PostMapping("/feishu")
    ResponseEntity<Object> feishu(HttpServletRequest request) throws IOException {
        byte[] raw = CallbackBodies.of(request);
        String body = new String(raw, StandardCharsets.UTF_8);
        JsonNode json = parse(body);
        if (json != null && json.has("encrypt") && !blank(settings.feishuEncryptKey())) {
            json = parse(decrypted(json.path("encrypt").asString(""), settings.feishuEncryptKey()));
        }
        if (blank(settings.feishuVerificationToken()) || json == null
                || !equal(settings.feishuVerificationToken(), json.path("token").asString(""))) {
            return unauthorized("the verification token does not match");
        }
        boolean challenge = "url_verification".equals(json.path("type").asString(""));
        String signed = request.getHeader("X-Lark-Signature");
        // Feishu's check of a new request URL may come unsigned: its token (encrypted, with a key) is proof enough
        // for an answer that changes nothing; a click is always signed when a key is set
        if (!blank(settings.feishuEncryptKey()) && (!challenge || signed != null)) {
            String timestamp = request.getHeader("X-Lark-Request-Timestamp");
            String nonce = request.getHeader("X-Lark-Request-Nonce");
            String signature = request.getHeader("X-Lark-Signature");
            if (timestamp == null || nonce == null || signature == null || !recent(timestamp)
                    || !equal(sha256Hex(timestamp + nonce + settings.feishuEncryptKey() + body), signature)) {
                return unauthorized("the signature does not verify, or is older than five minutes");
            }
        }
        if (challenge) {
            return ResponseEntity.ok(Map.of("challenge", json.path("challenge").asString("")));
        }
        JsonNode value = json.path("action").path("value");
        if (value.isString()) {
            value = parse(value.asString()); // older cards send the value as a JSON string
        }
        String approvalId = value == null ? "" : value.path("approvalId").asString("");
        String decision = value == null ? "" : value.path("decision").asString("");
        String clicker = json.path("open_id").asString("");
        Optional<User> user = users.byChatId("feishu", clicker);
        if (user.isEmpty() && json.has("user_id")) {
            user = users.byChatId("feishu", json.path("user_id").asString(""));
        }
        String outcome = decide(approvalId, decision, user, "Feishu");
        return ResponseEntity.ok(Map.of("toast", Map.of("type", outcome.startsWith("Done") ? "success" : "error",
                "content", outcome)));
    }

    @PostMapping("/slack")
    ResponseEntity<Object> slack(HttpServletRequest request) throws IOException {
        byte[] raw = CallbackBodies.of(request);
        String body = new String(raw, StandardCharsets.UTF_8);
        String timestamp = request.getHeader("X-Slack-Request-Timestamp");
        String signature = request.getHeader("X-Slack-Signature");
        if (blank(settings.slackSigningSecret()) || timestamp == null || signature == null || !recent(timestamp)
                || !equal("v0=" + hmacSha256Hex(settings.slackSigningSecret(), "v0:" + timestamp + ":" + body),
                signature)) {
            return unauthorized("the signature does not verify, or is older than five minutes");
        }
        JsonNode payload = null;
        for (String pair : body.split("&")) {
            if (pair.startsWith("payload=")) {
                payload = parse(URLDecoder.decode(pair.substring("payload=".length()), StandardCharsets.UTF_8));
            }
        }
        if (payload == null) {
            return ResponseEntity.ok(ephemeral("No payload in this callback."));
        }
        JsonNode action = payload.path("actions").path(0);
        String actionId = action.path("action_id").asString("");
        String decision = switch (actionId) {
            case "mflow.approval.pass" -> "PASS";
            case "mflow.approval.deny" -> "DENY";
            default -> "";
        };
        Optional<User> user = users.byChatId("slack", payload.path("user").path("id").asString(""));
        return ResponseEntity.ok(ephemeral(decide(action.path("value").asString(""), decision, user, "Slack")));
    }

    /** What the clicker is told; nothing changes unless it starts with "Done". */
    private String decide(String approvalId, String decision, Optional<User> user, String chat) {
        if (user.isEmpty()) {
            return "You are not known to mflow by your " + chat + " id: ask an admin to add it to your user.";
        }
        if (approvalId.isBlank() || !(decision.equals("PASS") || decision.equals("DENY"))) {
            return "This button names no approval or decision mflow knows.";
        }
        Actor actor = new Actor(user.get().name());
        try {
            boolean pass = decision.equals("PASS");
            Approval decided = pass ? approvals.pass(approvalId, actor, "passed from " + chat)
                    : approvals.deny(approvalId, actor, "denied from " + chat);
            String word = pass ? "passed" : "denied";
            // a click on a card another auditor already decided changes nothing: say who did, not the clicker
            String by = decidedBy(decided, pass ? Approval.Stage.PASSED : Approval.Stage.DENIED);
            if (by != null && !by.equals(actor.name())) {
                return "Nothing changed: approval " + approvalId + " was already " + word + " by " + by + ".";
            }
            return "Done: " + actor.name() + " " + word + " approval " + approvalId + ".";
        } catch (RequestRefused refused) {
            return "Nothing changed: " + refused.getMessage();
        }
    }

    /** Who last moved it to {@code stage}, or null. */
    private static String decidedBy(Approval approval, Approval.Stage stage) {
        return approval.history().stream().filter(step -> step.to() == stage).map(Approval.Step::by)
                .reduce((first, last) -> last).orElse(null);
    }

    private boolean recent(String timestamp) {
        try {
            Instant at = Instant.ofEpochSecond(Long.parseLong(timestamp.trim()));
            return Duration.between(at, clock.instant()).abs().compareTo(TOLERANCE) <= 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Map<String, String> ephemeral(String text) {
        return Map.of("response_type", "ephemeral", "text", text);
    }

    private static ResponseEntity<Object> unauthorized(String why) {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(HttpStatus.UNAUTHORIZED, Problems.kindOf(HttpStatus.UNAUTHORIZED), why));
    }

    private static JsonNode parse(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * A body Feishu encrypted with the app's encrypt key: base64 of a 16-byte IV and AES-256-CBC (key: SHA-256 of the
     * encrypt key, PKCS#7 padding). Null when it does not decrypt.
     */
    static String decrypted(String encrypted, String encryptKey) {
        try {
            byte[] bytes = java.util.Base64.getDecoder().decode(encrypted);
            byte[] key = MessageDigest.getInstance("SHA-256").digest(encryptKey.getBytes(StandardCharsets.UTF_8));
            javax.crypto.Cipher cipher = javax.crypto.Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(javax.crypto.Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                    new javax.crypto.spec.IvParameterSpec(bytes, 0, 16));
            return new String(cipher.doFinal(bytes, 16, bytes.length - 16), StandardCharsets.UTF_8);
        } catch (java.security.GeneralSecurityException | IllegalArgumentException | IndexOutOfBoundsException e) {
            return null;
        }
    }

    static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hmacSha256Hex(String key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /** In constant time: a signature compared byte by byte early-out would leak how much of it was right. */
    private static boolean equal(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
