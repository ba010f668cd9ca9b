package io.mflow.notify.domain;

import static io.mflow.notify.domain.Fixtures.NOW;
import static io.mflow.notify.domain.Fixtures.auditWaiting;
import static io.mflow.notify.domain.Fixtures.change;
import static io.mflow.notify.domain.Fixtures.jobTaskWith;
import static io.mflow.notify.domain.Fixtures.subscribedTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SubscriberTest {

    @Test
    void eachSubscriptionThatWantsTheChangeGetsOneDelivery() {
        Subscriber jobTask = jobTaskWith(subscribedTo("succeeded"), subscribedTo("failed"), subscribedTo(),
                Subscription.mention("alice", List.of("succeeded")));

        List<Delivery> deliveries = jobTask.deliveriesFor(jobTask.notice(change("ACTIVE", "SUCCEEDED"), null), NOW);

        assertThat(deliveries).extracting(Delivery::id)
                .containsExactly("jt-1:3#webhook-0", "jt-1:3#webhook-2", "jt-1:3#mention-alice");
        assertThat(deliveries.get(2).channel()).isEqualTo(ChannelType.EMAIL);
    }

    @Test
    void theNoticeCarriesNamesWhoStartedItTimesAndShownParamsAndALink() {
        Notice notice = jobTaskWith().notice(change("ACTIVE", "FAILED"), "https://mflow.example.com/");

        assertThat(notice.pipelineName()).isEqualTo("ship");
        assertThat(notice.jobTaskName()).isEqualTo("build");
        assertThat(notice.triggeredBy()).isEqualTo("vera");
        assertThat(notice.duration()).hasSeconds(90);
        assertThat(notice.params()).containsEntry("DB_PASSWORD", "******").containsEntry("GOAL", "package");
        assertThat(notice.link()).isEqualTo("https://mflow.example.com/api/v1/job-tasks/jt-1");
        assertThat(jobTaskWith().notice(change("ACTIVE", "FAILED"), null).link()).isNull();
    }

    @Test
    void aWaitAtAGateTellsEachPersonWhoMustDecideOnceEvenIfTheyAlsoSubscribed() {
        Subscriber jobTask = jobTaskWith(Subscription.mention("alice", List.of()), subscribedTo("audit_waiting"),
                subscribedTo("succeeded"));

        List<Delivery> deliveries = jobTask.deliveriesFor(jobTask.notice(auditWaiting("alice", "bob"), null), NOW);

        assertThat(deliveries).extracting(Delivery::subscriptionKey)
                .containsExactly("mention-alice", "webhook-1", "audit_waiting-bob");
        assertThat(jobTask.subscription("audit_waiting-bob").user()).isEqualTo("bob");
    }
}
