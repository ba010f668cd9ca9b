package io.mflow.notify.domain;

import static io.mflow.notify.domain.Fixtures.subscribedTo;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SubscriptionTest {

    @Test
    void eventsMatchTheStageWhateverTheirCase() {
        assertThat(subscribedTo("succeeded").matches("SUCCEEDED")).isTrue();
        assertThat(subscribedTo("Failed").matches("FAILED")).isTrue();
        assertThat(subscribedTo(" canceled ").matches("CANCELED")).isTrue();
    }

    @Test
    void noEventsMeansEveryChange() {
        assertThat(subscribedTo().matches("ACTIVE")).isTrue();
        assertThat(subscribedTo().matches("SUCCEEDED")).isTrue();
    }

    @Test
    void aStageNotListedDoesNotMatch() {
        assertThat(subscribedTo("succeeded", "failed").matches("ACTIVE")).isFalse();
    }

    @Test
    void theTargetLeavesTheQueryOutBecauseRobotsKeepTheirTokenThere() {
        assertThat(subscribedTo().target()).isEqualTo("https://hooks.example.com/a");
    }
}
