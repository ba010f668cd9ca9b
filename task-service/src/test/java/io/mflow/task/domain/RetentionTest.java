package io.mflow.task.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetentionTest {

    @Test
    void whatFinishedBeforeTheMaxAgeAgoIsOldEnoughToGo() {
        Retention retention = new Retention(Duration.ofDays(30), 1000, 500);

        assertThat(retention.cutoff(Instant.parse("2026-03-31T12:00:00Z"))).isEqualTo("2026-03-01T12:00:00Z");
    }

    @Test
    void onlyARunThatHasEndedMayBeRemoved() {
        assertThat(Retention.mayRemove(Status.SUCCEEDED)).isTrue();
        assertThat(Retention.mayRemove(Status.FAILED)).isTrue();
        assertThat(Retention.mayRemove(Status.CANCELED)).isTrue();
        assertThat(Retention.mayRemove(Status.ACTIVE)).isFalse();
        assertThat(Retention.mayRemove(Status.QUEUED)).isFalse();
        assertThat(Retention.mayRemove(Status.CANCELING)).isFalse();
        assertThat(Retention.mayRemove(Status.PENDING)).isFalse();
    }

    @Test
    void aRetentionThatWouldRemoveEverythingOrNothingIsRefusedAtStart() {
        assertThatThrownBy(() -> new Retention(Duration.ZERO, 1000, 500)).hasMessageContaining("max-age");
        assertThatThrownBy(() -> new Retention(Duration.ofDays(-1), 1000, 500)).hasMessageContaining("max-age");
        assertThatThrownBy(() -> new Retention(Duration.ofDays(30), 0, 500)).hasMessageContaining("max-count");
        assertThatThrownBy(() -> new Retention(Duration.ofDays(30), 1000, 0)).hasMessageContaining("batch");
    }
}
