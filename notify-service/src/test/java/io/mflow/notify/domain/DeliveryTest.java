package io.mflow.notify.domain;

import static io.mflow.notify.domain.Fixtures.NOW;
import static io.mflow.notify.domain.Fixtures.change;
import static io.mflow.notify.domain.Fixtures.jobTaskWith;
import static io.mflow.notify.domain.Fixtures.subscribedTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeliveryTest {

    @Test
    void eachMatchingSubscriptionIsClaimedUnderTheEventIdAndItsIndex() {
        JobTaskSubscriptions jobTask = jobTaskWith(subscribedTo("succeeded"), subscribedTo("failed"), subscribedTo());

        List<Delivery> deliveries = jobTask.deliveriesFor(change("ACTIVE", "SUCCEEDED"), NOW);

        assertThat(deliveries).extracting(Delivery::id).containsExactly("jt-1#3#0", "jt-1#3#2");
        assertThat(deliveries).allSatisfy(delivery -> {
            assertThat(delivery.isPending()).isTrue();
            assertThat(delivery.stage()).isEqualTo("SUCCEEDED");
            assertThat(delivery.target()).isEqualTo("https://hooks.example.com/a");
        });
    }

    @Test
    void aRedeliveredEventClaimsTheSameIdsSoTheStoreRefusesTheSecondClaim() {
        JobTaskSubscriptions jobTask = jobTaskWith(subscribedTo(), subscribedTo());

        assertThat(jobTask.deliveriesFor(change("PENDING", "ACTIVE"), NOW))
                .isEqualTo(jobTask.deliveriesFor(change("PENDING", "ACTIVE"), NOW));
    }

    @Test
    void noSubscriptionMatchingMeansNoDelivery() {
        assertThat(jobTaskWith(subscribedTo("failed")).deliveriesFor(change("PENDING", "ACTIVE"), NOW)).isEmpty();
    }

    @Test
    void aFinishedDeliveryIsNoLongerPending() {
        Delivery claimed = Delivery.claim(change("ACTIVE", "FAILED"), 0, subscribedTo(), NOW);

        Delivery finished = claimed.finish(DeliveryResult.answered(204, "", 12));

        assertThat(claimed.isPending()).isTrue();
        assertThat(finished.isPending()).isFalse();
        assertThat(finished.result().success()).isTrue();
    }
}
