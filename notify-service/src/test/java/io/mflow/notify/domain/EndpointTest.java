package io.mflow.notify.domain;

import static io.mflow.notify.domain.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.platform.change.Change;
import org.junit.jupiter.api.Test;

class EndpointTest {

    @Test
    void twentyFailedDeliveriesInARowDisableItWithTheLastReason() {
        Endpoint endpoint = Endpoint.first("ep-1", "https://hooks.example.com/a");
        for (int i = 1; i < Endpoint.DISABLE_AFTER; i++) {
            Change.Moved<Endpoint, EndpointEvent> counted =
                    moved(endpoint.after(DeliveryState.FAILED, "HTTP 503", NOW));
            assertThat(counted.events()).as("a failure that does not disable it announces nothing").isEmpty();
            endpoint = counted.next();
            assertThat(endpoint.disabled()).isFalse();
        }
        Change.Moved<Endpoint, EndpointEvent> last =
                moved(endpoint.after(DeliveryState.FAILED, "the receiver answered HTTP 503", NOW));
        endpoint = last.next();

        assertThat(endpoint.disabled()).isTrue();
        assertThat(endpoint.reason()).isEqualTo("20 deliveries failed in a row, the last: the receiver answered HTTP 503");
        assertThat(endpoint.changedAt()).isEqualTo(NOW);
        assertThat(last.events()).containsExactly(new EndpointDisabled("ep-1", 20,
                "20 deliveries failed in a row, the last: the receiver answered HTTP 503", NOW));
    }

    @Test
    void aDisabledEndpointKeepsCountingWithoutAnnouncingItAgain() {
        Endpoint disabled = new Endpoint("ep-1", "t", 20, true, "20 deliveries failed", NOW);

        Change.Moved<Endpoint, EndpointEvent> counted = moved(disabled.after(DeliveryState.FAILED, "x", NOW));

        assertThat(counted.next().failuresInARow()).isEqualTo(21);
        assertThat(counted.next().reason()).isEqualTo("20 deliveries failed");
        assertThat(counted.events()).isEmpty();
    }

    @Test
    void aDeliveredOneEndsTheRunOfFailures() {
        Endpoint endpoint = Endpoint.first("ep-1", "t");
        for (int i = 0; i < 19; i++) {
            endpoint = moved(endpoint.after(DeliveryState.FAILED, "x", NOW)).next();
        }
        endpoint = moved(endpoint.after(DeliveryState.DELIVERED, null, NOW)).next();
        endpoint = moved(endpoint.after(DeliveryState.FAILED, "x", NOW)).next();

        assertThat(endpoint.failuresInARow()).isEqualTo(1);
        assertThat(endpoint.disabled()).isFalse();
    }

    @Test
    void aDeliveredOneToAnEndpointWithoutFailuresChangesNothing() {
        assertThat(Endpoint.first("ep-1", "t").after(DeliveryState.DELIVERED, null, NOW))
                .isEqualTo(Change.unchanged());
    }

    @Test
    void enablingItStartsTheCountAgainAndSaysWho() {
        Endpoint disabled = new Endpoint("ep-1", "t", 20, true, "20 deliveries failed", NOW);

        Change.Moved<Endpoint, EndpointEvent> enabling = moved(disabled.enable("root", NOW.plusSeconds(60)));
        Endpoint enabled = enabling.next();

        assertThat(enabled.disabled()).isFalse();
        assertThat(enabled.failuresInARow()).isZero();
        assertThat(enabled.reason()).isEqualTo("enabled by root");
        assertThat(enabled.changedAt()).isEqualTo(NOW.plusSeconds(60));
        assertThat(enabling.events()).containsExactly(new EndpointEnabled("ep-1", "root", NOW.plusSeconds(60)));
    }

    @Test
    void enablingOneThatIsNotDisabledChangesNothing() {
        Endpoint failing = new Endpoint("ep-1", "t", 3, false, null, null);

        assertThat(failing.enable("root", NOW)).isEqualTo(Change.unchanged());
    }

    private static Change.Moved<Endpoint, EndpointEvent> moved(Change<Endpoint, EndpointEvent> change) {
        assertThat(change).isInstanceOf(Change.Moved.class);
        return (Change.Moved<Endpoint, EndpointEvent>) change;
    }
}
