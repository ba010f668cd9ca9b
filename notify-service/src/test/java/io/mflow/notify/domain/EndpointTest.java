package io.mflow.notify.domain;

import static io.mflow.notify.domain.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EndpointTest {

    @Test
    void twentyFailedDeliveriesInARowDisableItWithTheLastReason() {
        Endpoint endpoint = Endpoint.first("ep-1", "https://hooks.example.com/a");
        for (int i = 1; i < Endpoint.DISABLE_AFTER; i++) {
            endpoint = endpoint.after(DeliveryState.FAILED, "HTTP 503", NOW);
            assertThat(endpoint.disabled()).isFalse();
        }
        endpoint = endpoint.after(DeliveryState.FAILED, "the receiver answered HTTP 503", NOW);

        assertThat(endpoint.disabled()).isTrue();
        assertThat(endpoint.reason()).isEqualTo("20 deliveries failed in a row, the last: the receiver answered HTTP 503");
        assertThat(endpoint.changedAt()).isEqualTo(NOW);
    }

    @Test
    void aDeliveredOneEndsTheRunOfFailures() {
        Endpoint endpoint = Endpoint.first("ep-1", "t");
        for (int i = 0; i < 19; i++) {
            endpoint = endpoint.after(DeliveryState.FAILED, "x", NOW);
        }
        endpoint = endpoint.after(DeliveryState.DELIVERED, null, NOW).after(DeliveryState.FAILED, "x", NOW);

        assertThat(endpoint.failuresInARow()).isEqualTo(1);
        assertThat(endpoint.disabled()).isFalse();
    }

    @Test
    void enablingItStartsTheCountAgainAndSaysWho() {
        Endpoint disabled = new Endpoint("ep-1", "t", 20, true, "20 deliveries failed", NOW, 3);

        Endpoint enabled = disabled.enabled("root", NOW.plusSeconds(60));

        assertThat(enabled.disabled()).isFalse();
        assertThat(enabled.failuresInARow()).isZero();
        assertThat(enabled.reason()).isEqualTo("enabled by root");
    }
}
