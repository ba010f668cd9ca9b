package io.mflow.notify.domain;

import static io.mflow.notify.domain.Fixtures.NOW;
import static io.mflow.notify.domain.Fixtures.change;
import static io.mflow.notify.domain.Fixtures.notice;
import static io.mflow.notify.domain.Fixtures.subscribedTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.platform.change.Change;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeliveryTest {

    private static final DeliveryPolicy POLICY = DeliveryPolicy.DEFAULT;

    private static Delivery fresh() {
        return Delivery.of(notice(change("ACTIVE", "FAILED")), subscribedTo(), NOW);
    }

    @Test
    void aDeliveryIsKnownByItsEventAndSubscriptionSoARedeliveredEventFindsIt() {
        assertThat(fresh().id()).isEqualTo("jt-1:3#webhook-0");
        assertThat(fresh()).isEqualTo(fresh());
        assertThat(fresh().target()).isEqualTo("https://hooks.example.com/a?access_token=******");
        assertThat(fresh().isDueAt(NOW)).isTrue();
    }

    @Test
    void aSuccessSettlesItDeliveredAndAnnouncesIt() {
        Change.Moved<Delivery, DeliverySettled> attempted =
                fresh().attempted(DeliveryResult.answered(204, "", 12), POLICY, NOW);
        Delivery delivered = attempted.next();

        assertThat(delivered.state()).isEqualTo(DeliveryState.DELIVERED);
        assertThat(delivered.attempts()).isEqualTo(1);
        assertThat(delivered.finishedAt()).isEqualTo(NOW);
        assertThat(attempted.events())
                .containsExactly(new DeliverySettled("jt-1:3#webhook-0", DeliveryState.DELIVERED));
    }

    @Test
    void aFailureWorthRetryingIsTriedAgainAfterABackOffThatDoublesUntilTheAttemptsAreSpent() {
        Delivery delivery = fresh();
        Duration[] waits = {Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8)};
        for (Duration wait : waits) {
            Change.Moved<Delivery, DeliverySettled> again =
                    delivery.attempted(DeliveryResult.answered(503, "busy", 3), POLICY, NOW);
            assertThat(again.events()).as("a delivery due again announces nothing").isEmpty();
            delivery = again.next();
            assertThat(delivery.state()).isEqualTo(DeliveryState.PENDING);
            assertThat(delivery.nextAttemptAt()).isEqualTo(NOW.plus(wait));
            assertThat(delivery.isDueAt(NOW)).isFalse();
            assertThat(delivery.isDueAt(NOW.plus(wait))).isTrue();
        }
        Change.Moved<Delivery, DeliverySettled> spent =
                delivery.attempted(DeliveryResult.failed("no answer within 10000 ms", 10_000), POLICY, NOW);
        Delivery failed = spent.next();
        assertThat(spent.events()).containsExactly(new DeliverySettled(failed.id(), DeliveryState.FAILED));
        assertThat(failed.state()).isEqualTo(DeliveryState.FAILED);
        assertThat(failed.attempts()).isEqualTo(5);
        assertThat(failed.lastResult().error()).isEqualTo("no answer within 10000 ms");
    }

    @Test
    void aRequestTheReceiverCallsWrongIsNotTriedAgain() {
        Delivery failed = fresh().attempted(DeliveryResult.answered(404, "no such hook", 3), POLICY, NOW).next();

        assertThat(failed.state()).isEqualTo(DeliveryState.FAILED);
        assertThat(failed.attempts()).isEqualTo(1);
    }

    @Test
    void tooManyRequestsAndAPlatformsFailureCodeAreTriedAgain() {
        assertThat(fresh().attempted(DeliveryResult.answered(429, "slow down", 3), POLICY, NOW).next().state())
                .isEqualTo(DeliveryState.PENDING);
        assertThat(fresh().attempted(DeliveryResult.platformAnswered(200, "{\"errcode\":310000}", "310000",
                "sign not match", false, 3), POLICY, NOW).next().state()).isEqualTo(DeliveryState.PENDING);
    }

    @Test
    void aLeasedDeliveryIsNotDueForOthersUntilTheLeaseLapses() {
        Delivery leased = fresh().leased(NOW, Duration.ofSeconds(25));

        assertThat(leased.isDueAt(NOW.plusSeconds(24))).isFalse();
        assertThat(leased.isDueAt(NOW.plusSeconds(25))).isTrue();
    }

    @Test
    void aRefusedDeliveryFailsWithoutAnAttemptAndIsAnnounced() {
        Change.Moved<Delivery, DeliverySettled> settled = fresh().refused("endpoint disabled", NOW);
        Delivery refused = settled.next();

        assertThat(refused.state()).isEqualTo(DeliveryState.FAILED);
        assertThat(refused.attempts()).isZero();
        assertThat(refused.lastResult().retryable()).isFalse();
        assertThat(refused.finishedAt()).isEqualTo(NOW);
        assertThat(settled.events()).containsExactly(new DeliverySettled(refused.id(), DeliveryState.FAILED));
    }

    @Test
    void aRefusalToSendDoesNotCountAsAnAttempt() {
        Delivery refused = fresh().attempted(DeliveryResult.refused("169.254.169.254 is refused"), POLICY, NOW).next();

        assertThat(refused.state()).isEqualTo(DeliveryState.FAILED);
        assertThat(refused.attempts()).isZero();
    }

    @Test
    void aSettledDeliveryHoldsNoLease() {
        Delivery leased = fresh().leased(NOW, Duration.ofSeconds(25));

        assertThat(leased.attempted(DeliveryResult.answered(204, "", 12), POLICY, NOW).next().leaseUntil()).isNull();
        assertThat(leased.attempted(DeliveryResult.answered(503, "", 12), POLICY, NOW).next().leaseUntil()).isNull();
    }
}
