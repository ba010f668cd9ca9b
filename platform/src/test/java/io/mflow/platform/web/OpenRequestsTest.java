package io.mflow.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class OpenRequestsTest {

    private final OpenRequests requests = new OpenRequests(2, 3);

    @Test
    void oneMoreRequestThanACallersShareGetsNoSlotWhileAnotherCallersDo() {
        Optional<OpenRequests.Slot> first = requests.open("agents");
        Optional<OpenRequests.Slot> second = requests.open("agents");

        Optional<OpenRequests.Slot> third = requests.open("agents");

        assertThat(first).isPresent();
        assertThat(second).isPresent();
        assertThat(third).isEmpty();
        assertThat(requests.refusal("agents")).isEqualTo("agents already holds 2 of them open");
        assertThat(requests.open("mallory")).isPresent();
        assertThat(requests.openBy("agents")).isEqualTo(2);
    }

    @Test
    void oneMoreRequestThanTheTotalGetsNoSlotWhateverTheCallersShare() {
        requests.open("a").orElseThrow();
        requests.open("b").orElseThrow();
        requests.open("c").orElseThrow();

        assertThat(requests.open("d")).isEmpty();
        assertThat(requests.refusal("d")).isEqualTo("the service already holds 3 of them open for all callers");
        assertThat(requests.openInTotal()).isEqualTo(3);
    }

    @Test
    void anEndedRequestGivesItsSlotBackOnce() {
        OpenRequests.Slot first = requests.open("agents").orElseThrow();
        requests.open("agents").orElseThrow();

        first.close();
        first.close();

        assertThat(requests.openBy("agents")).isEqualTo(1);
        assertThat(requests.openInTotal()).isEqualTo(1);
        assertThat(requests.open("agents")).isPresent();
        assertThat(requests.open("agents")).as("closing twice gave back one slot, not two").isEmpty();
    }

    @Test
    void aCallerWhoseLastRequestEndedHoldsNone() {
        requests.open("agents").orElseThrow().close();

        assertThat(requests.openBy("agents")).isZero();
        assertThat(requests.openInTotal()).isZero();
    }

    @Test
    void aCallerBoundedPerCallerOnlyIsNotLimitedInTotal() {
        OpenRequests perCaller = OpenRequests.perCaller(1);
        for (int i = 0; i < 1000; i++) {
            assertThat(perCaller.open("caller-" + i)).isPresent();
        }
    }
}
