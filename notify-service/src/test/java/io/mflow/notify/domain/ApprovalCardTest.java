package io.mflow.notify.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApprovalCardTest {

    @Test
    void aSubmittedApprovalsFeishuCardHasApproveAndDenyButtonsCarryingItsIdAndTheDecision() {
        Map<String, Object> card = ApprovalCard.of(notice("SUBMITTED", "vera", null)).feishuCard();

        List<Map<String, Object>> actions = actionsOf(card);
        assertThat(actions).hasSize(2);
        assertThat(actions.get(0)).containsEntry("tag", "button").containsEntry("type", "primary")
                .containsEntry("text", Map.of("tag", "plain_text", "content", "Approve"))
                .containsEntry("value", Map.of("approvalId", "ap-1", "decision", "PASS"));
        assertThat(actions.get(1)).containsEntry("type", "danger")
                .containsEntry("text", Map.of("tag", "plain_text", "content", "Deny"))
                .containsEntry("value", Map.of("approvalId", "ap-1", "decision", "DENY"));
    }

    @Test
    void aSubmittedApprovalsSlackMessageHasTheTwoActionsWithTheApprovalIdAsValue() {
        Map<String, Object> message = ApprovalCard.of(notice("SUBMITTED", "vera", null)).slackMessage();

        Map<String, Object> actions = blocksOf(message).stream().filter(b -> b.get("type").equals("actions"))
                .findFirst().orElseThrow();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> buttons = (List<Map<String, Object>>) actions.get("elements");
        assertThat(buttons).extracting(b -> b.get("action_id"))
                .containsExactly("mflow.approval.pass", "mflow.approval.deny");
        assertThat(buttons).extracting(b -> b.get("value")).containsOnly("ap-1");
        assertThat(buttons).extracting(b -> b.get("style")).containsExactly("primary", "danger");
        assertThat(message).containsEntry("text", "Approval needed: Release \"v2\" &lt;today&gt;");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PASSED", "DENIED", "RUNNING", "CLOSED"})
    void onceItMovedOnTheCardHasNoButtonLeftAndSaysWhoDidItWithTheComment(String stage) {
        ApprovalCard card = ApprovalCard.of(notice(stage, "bob", "looks \"fine\""));

        assertThat(card.hasButtons()).isFalse();
        assertThat(card.feishuCard().toString()).doesNotContain("button", "\"action\"", "decision=");
        assertThat(blocksOf(card.slackMessage())).extracting(b -> b.get("type")).doesNotContain("actions");
        assertThat(card.feishuCard().toString()).contains(" by bob: looks \"fine\"");
        assertThat(card.slackMessage().toString()).contains(" by bob: looks \"fine\"");
    }

    @Test
    void theCardShowsCreatorOperatorsAuditorsPipelineExecutionParamsAndDescription() {
        ApprovalCard card = ApprovalCard.of(notice("SUBMITTED", "vera", null));

        assertThat(card.facts()).containsExactly(Map.entry("Creator", "vera"), Map.entry("Operators", "olga, oscar"),
                Map.entry("Auditors", "alice, bob"), Map.entry("Pipeline", "ship"),
                Map.entry("Execution", "automatic once passed"));
        String feishu = card.feishuCard().toString();
        assertThat(feishu).contains("**Run params**\nVERSION: 2.0\nDB_PASSWORD: ******")
                .contains("Ships *v2* to production").contains("[Open in mflow](https://mflow.example.com/a/ap-1)");
        assertThat(card.slackMessage().toString()).contains("*Run params*\nVERSION: 2.0\nDB_PASSWORD: ******");
    }

    @Test
    void noSecretReachesTheCardsOrTheText() {
        Notice notice = notice("SUBMITTED", "vera", null);

        for (String shown : List.of(ApprovalCard.of(notice).feishuCard().toString(),
                ApprovalCard.of(notice).slackMessage().toString(), NoticeText.of(notice).markdown(),
                WebhookBody.of(notice).toString())) {
            assertThat(shown).contains("DB_PASSWORD").doesNotContain("enc:v1:", "hunter2");
        }
    }

    @Test
    void slackMarkupInAUsersTextIsShownNotObeyed() {
        Approval approval = approval("<!channel> & <https://evil.example|click>", "vera", null);
        Notice notice = Notice.ofApproval("ap-1:2", approval, "SUBMITTED", "DRAFT", "ship", null, Map.of(), null,
                Instant.parse("2026-11-25T06:00:00Z"));

        assertThat(ApprovalCard.of(notice).slackMessage().toString())
                .contains("&lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;").doesNotContain("<!channel>");
    }

    @Test
    void theTextOfOtherRobotsAndMailSaysWhatIsAskedOrDecided() {
        NoticeText submitted = NoticeText.of(notice("SUBMITTED", "vera", null));
        NoticeText denied = NoticeText.of(notice("DENIED", "bob", "not on a Friday"));

        assertThat(submitted.title()).isEqualTo("Approval needed: Release \"v2\" <today>");
        assertThat(submitted.plain()).contains("Waiting for: one of alice, bob to pass or deny it")
                .contains("Run params: VERSION=2.0, DB_PASSWORD=******");
        assertThat(denied.title()).isEqualTo("Approval denied: Release \"v2\" <today>");
        assertThat(denied.plain()).contains("Denied by bob: not on a Friday").doesNotContain("Waiting for");
    }

    @Test
    void theGenericDocumentNamesTheApprovalsMove() {
        WebhookBody body = WebhookBody.of(notice("PASSED", "bob", "ok"));

        assertThat(body.type()).isEqualTo("approval.passed");
        assertThat(body.event()).isEqualTo("ApprovalChanged");
        assertThat(body.approvalId()).isEqualTo("ap-1");
        assertThat(body.triggeredBy()).isEqualTo("bob");
        assertThat(body.comment()).isEqualTo("ok");
        assertThat(body.auditors()).containsExactly("alice", "bob");
    }

    static Approval approval(String description, String by, String comment) {
        return new Approval("ap-1", "Release \"v2\" <today>", description, "vera", List.of("olga", "oscar"),
                List.of("alice", "bob"), "p-1", true, by, comment);
    }

    static Notice notice(String stage, String by, String comment) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("VERSION", "2.0");
        params.put("DB_PASSWORD", "******");
        return Notice.ofApproval("ap-1:" + stage, approval("Ships *v2* to production", by, comment), stage,
                "DRAFT", "ship", null, params, "https://mflow.example.com/a/ap-1", Instant.parse("2026-11-25T06:00:00Z"));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> actionsOf(Map<String, Object> card) {
        List<Map<String, Object>> elements = (List<Map<String, Object>>) card.get("elements");
        return elements.stream().filter(e -> "action".equals(e.get("tag")))
                .flatMap(e -> ((List<Map<String, Object>>) e.get("actions")).stream()).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> blocksOf(Map<String, Object> message) {
        return (List<Map<String, Object>>) message.get("blocks");
    }
}
