package io.mflow.task.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.schemas.Topics;
import io.mflow.schemas.common.ApprovalStage;
import io.mflow.schemas.event.ApprovalChanged;
import io.mflow.schemas.event.PipelineTaskCreated;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Release approvals through the API and from chat, on the real broker and store: who may do what, the run an
 * approval starts (once), and an ApprovalChanged per change on mflow.approval-events.
 */
class ApprovalsIT extends TaskServiceHarness {

    /** Per test: a pipeline, its creator (a DEVELOPER), two auditors and an operator (VIEWERs), with their tokens. */
    private record Cast(String pipelineId, String creator, String creatorToken, String auditor, String auditorToken,
                        String secondAuditor, String secondToken, String operator, String operatorToken) {
    }

    private Cast cast(String prefix) {
        String pipelineId = definePipeline(prefix);
        return new Cast(pipelineId, prefix + "-carol", userWithToken(prefix + "-carol", "DEVELOPER"),
                prefix + "-alice", userWithToken(prefix + "-alice", "VIEWER"),
                prefix + "-bob", userWithToken(prefix + "-bob", "VIEWER"),
                prefix + "-oscar", userWithToken(prefix + "-oscar", "VIEWER"));
    }

    private Response create(Cast cast, boolean autoRun) {
        return call("POST", "/api/v1/approvals", json(Map.of("title", "release \"1.2\"", "description", "*notes*",
                "auditors", List.of(cast.auditor(), cast.secondAuditor(), cast.creator()),
                "operators", List.of(cast.operator()), "pipelineId", cast.pipelineId(),
                "runParams", List.of(Map.of("name", "PASSWORD", "value", "s3cret-release"),
                        Map.of("name", "GOAL", "value", "ship")),
                "autoRun", autoRun)), cast.creatorToken());
    }

    private String submitted(Cast cast, boolean autoRun) {
        Response created = create(cast, autoRun);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().path("id").asString();
        Response submitted = call("POST", "/api/v1/approvals/" + id + "/submit", null, cast.creatorToken());
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);
        return id;
    }

    private String stageOf(String id) {
        return get("/api/v1/approvals/" + id).json().path("stage").asString();
    }

    private static String comment(String text) {
        return json(Map.of("comment", text));
    }

    /** Its changes as a consumer sees them: deduplicated by event id, since the relay sends at least once. */
    private List<ApprovalChanged> changesOf(String id, int atLeast) {
        try (TopicReader events = new TopicReader(Topics.APPROVAL_EVENTS)) {
            return deduplicated(events.await(records -> deduplicated(records, id).size() >= atLeast), id);
        }
    }

    private static List<ApprovalChanged> deduplicated(List<ConsumerRecord<String, byte[]>> records, String id) {
        Map<String, ApprovalChanged> byEventId = new java.util.LinkedHashMap<>();
        records.stream().filter(r -> id.equals(r.key())).map(r -> (ApprovalChanged) TopicReader.decode(r))
                .forEach(change -> byEventId.putIfAbsent(change.getEventId(), change));
        return List.copyOf(byEventId.values());
    }

    @Test
    void anApprovalLivesFromDraftToClosedAndEveryChangeIsAnnouncedOnItsTopic() {
        Cast cast = cast("apv-life");
        Response created = create(cast, false);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("stage").asString()).isEqualTo("DRAFT");
        assertThat(created.json().path("createdBy").asString()).isEqualTo(cast.creator());
        assertThat(created.body()).as("a sensitive run param is sealed and shown masked")
                .doesNotContain("s3cret-release").contains("\"******\"");
        String id = created.json().path("id").asString();
        assertThat(id).startsWith("apv-");

        assertThat(call("POST", "/api/v1/approvals/" + id + "/submit", null, cast.auditorToken()).status())
                .as("only its creator submits it").isEqualTo(403);
        assertThat(call("POST", "/api/v1/approvals/" + id + "/submit", null, cast.creatorToken()).json()
                .path("stage").asString()).isEqualTo("SUBMITTED");

        Response own = call("POST", "/api/v1/approvals/" + id + "/pass", comment("mine"), cast.creatorToken());
        assertThat(own.status()).as("four eyes: its creator never decides it, even listed as auditor").isEqualTo(403);
        assertThat(own.json().path("detail").asString()).contains("four eyes");
        assertThat(call("POST", "/api/v1/approvals/" + id + "/pass", comment("x"), cast.operatorToken()).status())
                .as("a non-auditor cannot pass").isEqualTo(403);
        assertThat(post("/api/v1/approvals/" + id + "/pass", comment("x")).status())
                .as("an ADMIN who is no auditor does not bypass it").isEqualTo(403);
        assertThat(call("POST", "/api/v1/approvals/" + id + "/deny", "{}", cast.auditorToken()).status())
                .as("a denial needs a comment").isEqualTo(400);
        assertThat(call("PUT", "/api/v1/approvals/" + id, json(Map.of("title", "t")), cast.creatorToken()).status())
                .as("a submitted approval is not edited").isEqualTo(409);

        Response passed = call("POST", "/api/v1/approvals/" + id + "/pass", comment("ship it"), cast.auditorToken());
        assertThat(passed.status()).as(passed.body()).isEqualTo(200);
        assertThat(passed.json().path("stage").asString()).isEqualTo("PASSED");
        assertThat(passed.json().has("pipelineTaskId")).as("no autoRun: nothing runs yet").isFalse();

        assertThat(call("POST", "/api/v1/approvals/" + id + "/run", null, cast.auditorToken()).status())
                .as("only operators run it").isEqualTo(403);
        Response running = call("POST", "/api/v1/approvals/" + id + "/run", null, cast.operatorToken());
        assertThat(running.status()).as(running.body()).isEqualTo(200);
        assertThat(running.json().path("stage").asString()).isEqualTo("RUNNING");
        String runId = running.json().path("pipelineTaskId").asString();
        assertThat(runId).isEqualTo("pt-" + id);
        Response run = get("/api/v1/pipeline-tasks/" + runId);
        assertThat(run.json().path("triggeredBy").asString()).isEqualTo(cast.operator());
        assertThat(run.json().path("labels").path("mflow.io/approval").asString()).isEqualTo(id);

        assertThat(call("POST", "/api/v1/approvals/" + id + "/close", "{}", cast.operatorToken()).status())
                .as("closing needs a comment").isEqualTo(400);
        Response closed = call("POST", "/api/v1/approvals/" + id + "/close", comment("verified in prod"),
                cast.operatorToken());
        assertThat(closed.json().path("stage").asString()).isEqualTo("CLOSED");
        Response read = get("/api/v1/approvals/" + id);
        assertThat(read.json().path("history").size()).isEqualTo(5);
        assertThat(read.json().path("history").path(2).path("by").asString()).isEqualTo(cast.auditor());
        assertThat(read.json().path("history").path(2).path("comment").asString()).isEqualTo("ship it");

        List<ApprovalChanged> changes = changesOf(id, 5);
        assertThat(changes).extracting(ApprovalChanged::getStage).containsExactly(ApprovalStage.DRAFT,
                ApprovalStage.SUBMITTED, ApprovalStage.PASSED, ApprovalStage.RUNNING, ApprovalStage.CLOSED);
        ApprovalChanged last = changes.get(4);
        assertThat(last.getPreviousStage()).isEqualTo(ApprovalStage.RUNNING);
        assertThat(last.getBy()).isEqualTo(cast.operator());
        assertThat(last.getComment()).isEqualTo("verified in prod");
        assertThat(last.getPipelineTaskId()).isEqualTo(runId);
        assertThat(last.getUrl()).isEqualTo("https://mflow.example.com/api/v1/approvals/" + id);
        assertThat(last.getTitle()).isEqualTo("release \"1.2\"");
        assertThat(last.getRunParams()).filteredOn(p -> p.getName().equals("PASSWORD")).singleElement()
                .satisfies(p -> assertThat(p.getValue()).doesNotContain("s3cret-release"))
                .satisfies(p -> assertThat(p.getSensitive()).isTrue());
        assertThat(changes.get(0).getPreviousStage()).isNull();
    }

    @Test
    void aPassWithAutoRunStartsThePipelineOnceEvenWhenPassedTwiceAtOnce() throws Exception {
        Cast cast = cast("apv-auto");
        String id = submitted(cast, true);
        List<CompletableFuture<Response>> passes = new ArrayList<>();
        for (String token : List.of(cast.auditorToken(), cast.secondToken(), cast.auditorToken())) {
            passes.add(CompletableFuture.supplyAsync(() -> call("POST", "/api/v1/approvals/" + id + "/pass",
                    comment("go"), token)));
        }
        for (CompletableFuture<Response> pass : passes) {
            Response response = pass.get();
            assertThat(response.status()).as(response.body()).isEqualTo(200);
        }
        assertThat(stageOf(id)).isEqualTo("RUNNING");
        Response runs = get("/api/v1/pipeline-tasks?pipelineId=" + cast.pipelineId());
        assertThat(runs.json().path("total").asLong()).as("one run, however many passes").isEqualTo(1);
        assertThat(runs.json().path("items").path(0).path("id").asString()).isEqualTo("pt-" + id);
        assertThat(runs.json().path("items").path(0).path("triggeredBy").asString()).isEqualTo("approval:" + id);
        PipelineTaskCreated plan = planOf("pt-" + id);
        assertThat(plan.getLabels()).containsEntry("mflow.io/approval", id);
        List<ApprovalChanged> changes = changesOf(id, 4);
        assertThat(changes).extracting(ApprovalChanged::getStage).containsExactly(ApprovalStage.DRAFT,
                ApprovalStage.SUBMITTED, ApprovalStage.PASSED, ApprovalStage.RUNNING);
        try (TopicReader events = new TopicReader(Topics.TASK_EVENTS)) {
            // the relay sends at least once: a copy has the same event id, which its consumers dedupe by
            long created = events.readFor(Duration.ofSeconds(2)).stream()
                    .filter(r -> ("pt-" + id).equals(r.key())).map(TopicReader::decode)
                    .filter(r -> r instanceof PipelineTaskCreated)
                    .map(r -> ((PipelineTaskCreated) r).getEventId()).distinct().count();
            assertThat(created).as("one run planned").isEqualTo(1);
        }
    }

    @Test
    void aDeniedApprovalIsEditedBackToDraftOrWithdrawnByItsCreator() {
        Cast cast = cast("apv-deny");
        String id = submitted(cast, false);
        Response denied = call("POST", "/api/v1/approvals/" + id + "/deny", comment("not on a Friday"),
                cast.auditorToken());
        assertThat(denied.json().path("stage").asString()).isEqualTo("DENIED");
        assertThat(call("POST", "/api/v1/approvals/" + id + "/pass", comment("ok"), cast.secondToken()).status())
                .as("decided once: no going back").isEqualTo(409);
        Response edited = call("PUT", "/api/v1/approvals/" + id, json(Map.of("title", "release 1.3",
                "auditors", List.of(cast.auditor()), "operators", List.of(cast.operator()),
                "pipelineId", cast.pipelineId(), "runParams", List.of(Map.of("name", "PASSWORD",
                        "value", "******")))), cast.creatorToken());
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        assertThat(edited.json().path("stage").asString()).isEqualTo("DRAFT");
        assertThat(edited.json().path("runParams").path(0).path("value").asString())
                .as("a masked value keeps the sealed one").isEqualTo("******");
        assertThat(call("DELETE", "/api/v1/approvals/" + id, null, cast.creatorToken()).status()).isEqualTo(204);
        assertThat(get("/api/v1/approvals/" + id).status()).isEqualTo(404);
    }

    @Test
    void aViewerCannotAskForAnApprovalNorNameUnknownPeople() {
        Cast cast = cast("apv-roles");
        assertThat(call("POST", "/api/v1/approvals", json(Map.of("title", "t", "auditors", List.of(cast.auditor()),
                "operators", List.of(cast.operator()), "pipelineId", cast.pipelineId())), cast.auditorToken())
                .status()).isEqualTo(403);
        Response unknown = call("POST", "/api/v1/approvals", json(Map.of("title", "t",
                "auditors", List.of("nobody-at-all"), "operators", List.of(cast.operator()),
                "pipelineId", cast.pipelineId())), cast.creatorToken());
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().path("detail").asString()).contains("nobody-at-all");
        Response mine = call("GET", "/api/v1/approvals?mine=auditor", null, cast.auditorToken());
        assertThat(mine.status()).isEqualTo(200);
    }

    @Test
    void aRunParamWithoutANameIsRefusedWithItsReasonWithOrWithoutAPipeline() {
        Cast cast = cast("apv-nameless");
        // found by ApiFuzzIT: {"runParams":[{}]} was a 500 (the nameless param was looked up among the sensitive ones)
        for (Map<String, Object> body : List.of(Map.<String, Object>of("runParams", List.of(Map.of())),
                Map.<String, Object>of("title", "t", "auditors", List.of(cast.auditor()), "operators",
                        List.of(cast.operator()), "pipelineId", cast.pipelineId(), "runParams",
                        List.of(Map.of("value", "v"))))) {
            Response refused = call("POST", "/api/v1/approvals", json(body), cast.creatorToken());
            assertThat(refused.status()).as("%s", body).isEqualTo(400);
            assertThat(refused.json().path("detail").asString()).contains("runParams[0].name is required");
        }
        assertThat(call("GET", "/api/v1/approvals?mine=creator", null, cast.creatorToken()).json().path("items")
                .size()).as("nothing was created").isZero();
    }

    // --- Slack ---

    private void chatIds(String user, Map<String, String> ids) {
        Response changed = call("PATCH", "/api/v1/users/" + user, json(Map.of("chatIds", ids)), ADMIN_TOKEN);
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
    }

    private Response slack(String approvalId, String slackUser, String action, long timestamp, String secret) {
        String payload = json(Map.of("type", "block_actions", "user", Map.of("id", slackUser),
                "actions", List.of(Map.of("action_id", action, "value", approvalId))));
        String body = "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8);
        String signature = "v0=" + hmac(secret, "v0:" + timestamp + ":" + body);
        return send(HttpRequest.newBuilder(uri("/api/v1/approvals/callbacks/slack"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Slack-Request-Timestamp", Long.toString(timestamp))
                .header("X-Slack-Signature", signature).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    @Test
    void aSignedSlackClickOfAMappedAuditorPassesItAndNothingElseDoes() {
        Cast cast = cast("apv-slack");
        chatIds(cast.auditor(), Map.of("slack", "U-APV-ALICE"));
        chatIds(cast.creator(), Map.of("slack", "U-APV-CAROL"));
        String id = submitted(cast, false);
        long now = Instant.now().getEpochSecond();

        assertThat(slack(id, "U-APV-ALICE", "mflow.approval.pass", now, "wrong-secret").status())
                .as("a bad signature").isEqualTo(401);
        assertThat(slack(id, "U-APV-ALICE", "mflow.approval.pass", now - 600, SLACK_SECRET).status())
                .as("a replay older than five minutes").isEqualTo(401);
        Response foreign = slack(id, "U-SOMEONE-ELSE", "mflow.approval.pass", now, SLACK_SECRET);
        assertThat(foreign.status()).isEqualTo(200);
        assertThat(foreign.json().path("response_type").asString()).isEqualTo("ephemeral");
        assertThat(foreign.json().path("text").asString()).contains("not known");
        Response creator = slack(id, "U-APV-CAROL", "mflow.approval.pass", now, SLACK_SECRET);
        assertThat(creator.json().path("text").asString()).contains("four eyes");
        assertThat(stageOf(id)).as("nothing changed").isEqualTo("SUBMITTED");
        Response unsigned = send(HttpRequest.newBuilder(uri("/api/v1/approvals/callbacks/slack"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("payload=%7B%7D")));
        assertThat(unsigned.status()).isEqualTo(401);

        Response passed = slack(id, "U-APV-ALICE", "mflow.approval.pass", now, SLACK_SECRET);
        assertThat(passed.status()).isEqualTo(200);
        assertThat(passed.json().path("text").asString()).startsWith("Done");
        assertThat(stageOf(id)).isEqualTo("PASSED");
        assertThat(get("/api/v1/approvals/" + id).json().path("history").path(2).path("by").asString())
                .isEqualTo(cast.auditor());

        // the other auditor clicks the same card later: told who passed it, not that they did
        chatIds(cast.secondAuditor(), Map.of("slack", "U-APV-BOB"));
        Response late = slack(id, "U-APV-BOB", "mflow.approval.pass", now, SLACK_SECRET);
        assertThat(late.status()).isEqualTo(200);
        assertThat(late.json().path("text").asString())
                .isEqualTo("Nothing changed: approval " + id + " was already passed by " + cast.auditor() + ".");
        assertThat(get("/api/v1/approvals/" + id).json().path("history")).as("nothing recorded for them").hasSize(3);
        Response again = slack(id, "U-APV-ALICE", "mflow.approval.pass", now, SLACK_SECRET);
        assertThat(again.json().path("text").asString()).as("the same click again").startsWith("Done");
        assertThat(stageOf(id)).isEqualTo("PASSED");
    }

    // --- Feishu ---

    private Response feishu(Map<String, Object> callback, String key) {
        String body = json(callback);
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        String nonce = "nonce-" + System.nanoTime();
        return send(HttpRequest.newBuilder(uri("/api/v1/approvals/callbacks/feishu"))
                .header("Content-Type", "application/json")
                .header("X-Lark-Request-Timestamp", timestamp).header("X-Lark-Request-Nonce", nonce)
                .header("X-Lark-Signature", sha256(timestamp + nonce + key + body))
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static Map<String, Object> click(String token, String openId, String approvalId, String decision) {
        return Map.of("open_id", openId, "token", token, "action", Map.of("tag", "button",
                "value", Map.of("approvalId", approvalId, "decision", decision)));
    }

    @Test
    void theFeishuChallengeIsAnsweredOnlyWithTheVerificationToken() {
        Response answered = feishu(Map.of("type", "url_verification", "challenge", "c-123", "token", FEISHU_TOKEN),
                FEISHU_KEY);
        assertThat(answered.status()).isEqualTo(200);
        assertThat(answered.json().path("challenge").asString()).isEqualTo("c-123");
        assertThat(feishu(Map.of("type", "url_verification", "challenge", "c-123", "token", "guess"), FEISHU_KEY)
                .status()).isEqualTo(401);
    }

    @Test
    void anEncryptedFeishuChallengeIsAnsweredAfterDecryptingItWithTheEncryptKey() throws Exception {
        String plain = json(Map.of("type", "url_verification", "challenge", "c-456", "token", FEISHU_TOKEN));
        byte[] iv = new byte[16];
        new java.security.SecureRandom().nextBytes(iv);
        javax.crypto.Cipher cipher = javax.crypto.Cipher.getInstance("AES/CBC/PKCS5Padding");
        cipher.init(javax.crypto.Cipher.ENCRYPT_MODE, new SecretKeySpec(MessageDigest.getInstance("SHA-256")
                .digest(FEISHU_KEY.getBytes(StandardCharsets.UTF_8)), "AES"), new javax.crypto.spec.IvParameterSpec(iv));
        byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
        byte[] whole = new byte[16 + sealed.length];
        System.arraycopy(iv, 0, whole, 0, 16);
        System.arraycopy(sealed, 0, whole, 16, sealed.length);
        String body = json(Map.of("encrypt", java.util.Base64.getEncoder().encodeToString(whole)));
        Response answered = send(HttpRequest.newBuilder(uri("/api/v1/approvals/callbacks/feishu"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(answered.status()).as(answered.body()).isEqualTo(200);
        assertThat(answered.json().path("challenge").asString()).isEqualTo("c-456");
        Response unsignedClick = send(HttpRequest.newBuilder(uri("/api/v1/approvals/callbacks/feishu"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(click(FEISHU_TOKEN, "ou_x", "apv-x", "PASS")))));
        assertThat(unsignedClick.status()).as("a click is always signed when a key is set").isEqualTo(401);
    }

    @Test
    void aSignedFeishuClickOfAMappedAuditorDeniesItAndNothingElseDoes() {
        Cast cast = cast("apv-feishu");
        chatIds(cast.auditor(), Map.of("feishu", "ou_apv_alice"));
        chatIds(cast.operator(), Map.of("feishu", "ou_apv_oscar"));
        String id = submitted(cast, false);

        assertThat(feishu(click(FEISHU_TOKEN, "ou_apv_alice", id, "DENY"), "wrong-key").status())
                .as("a bad signature").isEqualTo(401);
        assertThat(feishu(click("guess", "ou_apv_alice", id, "DENY"), FEISHU_KEY).status())
                .as("a wrong verification token").isEqualTo(401);
        Response operator = feishu(click(FEISHU_TOKEN, "ou_apv_oscar", id, "PASS"), FEISHU_KEY);
        assertThat(operator.status()).isEqualTo(200);
        assertThat(operator.json().path("toast").path("content").asString()).contains("not an auditor");
        Response stranger = feishu(click(FEISHU_TOKEN, "ou_nobody", id, "PASS"), FEISHU_KEY);
        assertThat(stranger.json().path("toast").path("content").asString()).contains("not known");
        assertThat(stageOf(id)).as("nothing changed").isEqualTo("SUBMITTED");

        Response denied = feishu(click(FEISHU_TOKEN, "ou_apv_alice", id, "DENY"), FEISHU_KEY);
        assertThat(denied.status()).isEqualTo(200);
        assertThat(denied.json().path("toast").path("type").asString()).isEqualTo("success");
        assertThat(stageOf(id)).isEqualTo("DENIED");
    }

    private static String hmac(String key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
