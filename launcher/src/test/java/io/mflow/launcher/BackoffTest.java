package io.mflow.launcher;

import static java.time.Duration.ZERO;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = Backoff.DEFAULT;

    @Test
    void theFirstExitWaitsOneSecond() {
        assertThat(backoff.next(null, ofSeconds(5))).isEqualTo(ofSeconds(1));
    }

    @Test
    void eachQuickExitDoublesTheDelay() {
        assertThat(backoff.next(ofSeconds(1), ofSeconds(3))).isEqualTo(ofSeconds(2));
        assertThat(backoff.next(ofSeconds(2), ofSeconds(3))).isEqualTo(ofSeconds(4));
    }

    @Test
    void theDelayNeverExceedsThirtySeconds() {
        assertThat(backoff.next(ofSeconds(16), ZERO)).isEqualTo(ofSeconds(30));
        assertThat(backoff.next(ofSeconds(30), ZERO)).isEqualTo(ofSeconds(30));
    }

    @Test
    void aProcessThatStayedUpAMinuteStartsOverFromOneSecond() {
        assertThat(backoff.next(ofSeconds(30), ofMinutes(1))).isEqualTo(ofSeconds(1));
    }
}
