package io.mflow.task.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RandomIdsTest {

    @Test
    void anIdMadeLaterSortsAfterOneMadeEarlier() throws InterruptedException {
        String earlier = RandomIds.next("jt-");
        Thread.sleep(2);
        String later = RandomIds.next("jt-");

        assertThat(earlier).startsWith("jt-").hasSize(3 + 12 + 16);
        assertThat(later).isGreaterThan(earlier);
    }

    @Test
    void idsMadeInTheSameMillisecondDiffer() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(RandomIds.next("pt-"));
        }
        assertThat(ids).hasSize(10_000);
    }
}
