package io.mflow.platform.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForgetOlderTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    /** Remembers what it was asked to remove. */
    private static final class Asked extends ForgetOlder {
        final List<String> asked = new ArrayList<>();

        Asked(Duration maxAge, int batch) {
            super("mflow.retention.things.max-age", maxAge, batch, Clock.fixed(NOW, ZoneOffset.UTC));
        }

        @Override
        protected int removeBefore(Instant cutoff, int limit) {
            asked.add(cutoff + " " + limit);
            return limit;
        }
    }

    @Test
    void aSweepRemovesAtMostABatchOfWhatIsOlderThanTheAgeNow() {
        Asked forget = new Asked(Duration.ofDays(30), 500);

        assertThat(forget.sweep()).isEqualTo(500);
        assertThat(forget.sweepAt(NOW.plus(Duration.ofDays(1)))).isEqualTo(500);
        assertThat(forget.asked).containsExactly("2026-11-07T12:00:00Z 500", "2026-11-08T12:00:00Z 500");
    }

    @Test
    void anAgeOrBatchOfZeroOrLessWouldRemoveEverythingOrNothingAndIsRefusedByItsSettingsName() {
        assertThatThrownBy(() -> new Asked(Duration.ZERO, 500)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mflow.retention.things.max-age");
        assertThatThrownBy(() -> new Asked(Duration.ofDays(-1), 500)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Asked(Duration.ofDays(30), 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mflow.retention.batch");
    }
}
