package io.mflow.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AttemptIdsTest {

    @Test
    void theNumberIsWhatFollowsTheLastHash() {
        assertThat(AttemptIds.numberOf("jt-1#2")).isEqualTo(2);
        assertThat(AttemptIds.numberOf("odd#name#3")).isEqualTo(3);
    }

    @Test
    void anIdWithoutANumberMeansTheCurrentAttempt() {
        assertThat(AttemptIds.numberOf("jt-1")).isZero();
        assertThat(AttemptIds.numberOf("jt-1#x")).isZero();
        assertThat(AttemptIds.numberOf(null)).isZero();
    }
}
