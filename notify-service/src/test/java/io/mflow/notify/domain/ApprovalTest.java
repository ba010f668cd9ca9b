package io.mflow.notify.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApprovalTest {

    private static final Instant NOW = Instant.parse("2026-11-25T06:00:00Z");

    @Test
    void aDraftIsToldToNobody() {
        assertThat(approvalBy("vera").toldOf("DRAFT")).isEmpty();
    }

    @Test
    void aSubmittedApprovalIsToldToItsAuditors() {
        assertThat(approvalBy("vera").toldOf("SUBMITTED")).containsExactly("alice", "bob");
    }

    @Test
    void aDecisionIsToldToOperatorsTheCreatorAndTheOtherAuditorsEachOnce() {
        Approval decidedByBob = new Approval("ap-1", "Release", null, "olga", List.of("olga", "oscar"),
                List.of("alice", "bob"), "p-1", false, "bob", "fine");

        assertThat(decidedByBob.toldOf("PASSED")).containsExactly("olga", "oscar", "alice");
        assertThat(decidedByBob.toldOf("DENIED")).containsExactly("olga", "oscar", "alice");
        assertThat(decidedByBob.toldOf("CLOSED")).containsExactly("olga", "oscar", "alice");
    }

    @Test
    void everyRobotAndEachPersonToldGetOneDeliveryAndADraftNone() {
        Subscription feishu = Subscription.webhook(0, ChannelType.FEISHU, "enc:v1:u", "shown", "ep-f", List.of(),
                Map.of(), null);
        Subscription gitlab = Subscription.webhook(1, ChannelType.GITLAB_STATUS, "enc:v1:g", "shown", "ep-g",
                List.of(), Map.of(), null);
        Approval approval = approvalBy("vera");
        List<Subscription> subscriptions = new java.util.ArrayList<>(List.of(feishu, gitlab));
        approval.people().forEach(person -> subscriptions.add(Subscription.mention(person, List.of())));
        Subscriber subscriber = new Subscriber("ap-1", Notice.Subject.APPROVAL, null, "ship", null, Map.of(),
                subscriptions, Map.of());

        List<Delivery> submitted = subscriber.deliveriesFor(notice(approval, "SUBMITTED"), NOW);
        List<Delivery> draft = subscriber.deliveriesFor(notice(approval, "DRAFT"), NOW);

        assertThat(submitted).extracting(Delivery::id)
                .containsExactly("ap-1:SUBMITTED#webhook-0", "ap-1:SUBMITTED#mention-alice",
                        "ap-1:SUBMITTED#mention-bob");
        assertThat(submitted.get(0).notice().ownerId()).isEqualTo("ap-1");
        assertThat(draft).isEmpty();
    }

    @Test
    void anApprovalsSettledDeliveryIsRecordedWithoutAnAnnouncementForATask() {
        Subscription feishu = Subscription.webhook(0, ChannelType.FEISHU, "enc:v1:u", "shown", "ep-f", List.of(),
                Map.of(), null);
        Delivery delivery = Delivery.of(notice(approvalBy("vera"), "SUBMITTED"), feishu, NOW);

        var settled = delivery.attempted(DeliveryResult.answered(200, "{}", 3),
                new DeliveryPolicy(3, java.time.Duration.ofSeconds(1), 2, java.time.Duration.ofSeconds(5)), NOW);

        assertThat(settled.next().state()).isEqualTo(DeliveryState.DELIVERED);
        assertThat(settled.events()).isEmpty();
    }

    private static Approval approvalBy(String by) {
        return new Approval("ap-1", "Release", null, "vera", List.of("olga"), List.of("alice", "bob"), "p-1", false,
                by, null);
    }

    private static Notice notice(Approval approval, String stage) {
        return Notice.ofApproval("ap-1:" + stage, approval, stage, null, "ship", null, Map.of(), null, NOW);
    }
}
