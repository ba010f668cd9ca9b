package io.mflow.runner.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class LongPollsTest {

    private final LongPolls polls = new LongPolls(2);

    @Test
    void oneMorePollThanAllowedGetsNoSlotWhileAnotherUsersPollsDo() {
        Optional<LongPolls.Slot> first = polls.open("agents");
        Optional<LongPolls.Slot> second = polls.open("agents");

        Optional<LongPolls.Slot> third = polls.open("agents");

        assertThat(first).isPresent();
        assertThat(second).isPresent();
        assertThat(third).isEmpty();
        assertThat(polls.open("mallory")).isPresent();
        assertThat(polls.openBy("agents")).isEqualTo(2);
    }

    @Test
    void anEndedPollGivesItsSlotBackOnce() {
        LongPolls.Slot first = polls.open("agents").orElseThrow();
        polls.open("agents").orElseThrow();

        first.close();
        first.close();

        assertThat(polls.openBy("agents")).isEqualTo(1);
        assertThat(polls.open("agents")).isPresent();
        assertThat(polls.open("agents")).as("closing twice gave back one slot, not two").isEmpty();
    }

    @Test
    void aUserWhoseLastPollEndedHoldsNone() {
        polls.open("agents").orElseThrow().close();

        assertThat(polls.openBy("agents")).isZero();
    }
}
