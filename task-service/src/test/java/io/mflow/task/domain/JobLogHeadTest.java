package io.mflow.task.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.platform.change.Change;
import org.junit.jupiter.api.Test;

/** What the head of a log counts, and what it leaves to whoever counted first. */
class JobLogHeadTest {

    private static final JobLogHead TEN_LINES = new JobLogHead("jt-1#1", 10, 100, false, false);

    @Test
    void aChunkFromWhereTheHeadStandsIsCounted() {
        Change<JobLogHead, Void> counted = TEN_LINES.count(10, 5, 50);

        assertThat(counted).isEqualTo(Change.moved(new JobLogHead("jt-1#1", 15, 150, false, false)));
    }

    @Test
    void aChunkPastAGapIsCountedFromWhereItStartsAsTheRunnerNumberedIt() {
        assertThat(TEN_LINES.count(12, 3, 30)).isEqualTo(Change.moved(new JobLogHead("jt-1#1", 15, 130, false, false)));
    }

    @Test
    void linesAnotherDeliveryCountedFirstChangeNothing() {
        assertThat(TEN_LINES.count(8, 5, 50)).isEqualTo(Change.unchanged());
        assertThat(TEN_LINES.count(10, 0, 0)).isEqualTo(Change.unchanged());
    }

    @Test
    void aCutLogCountsNothingMoreAndIsCutOnce() {
        JobLogHead cut = ((Change.Moved<JobLogHead, Void>) TEN_LINES.cut()).next();

        assertThat(cut.truncated()).isTrue();
        assertThat(cut.count(10, 5, 50)).isEqualTo(Change.unchanged());
        assertThat(cut.cut()).isEqualTo(Change.unchanged());
    }

    @Test
    void theEndIsNotedOnceAndAFullLogWouldExceedWhatIsKept() {
        JobLogHead ended = ((Change.Moved<JobLogHead, Void>) TEN_LINES.end()).next();

        assertThat(ended.ended()).isTrue();
        assertThat(ended.end()).isEqualTo(Change.unchanged());
        assertThat(new JobLogHead("jt-1#1", 1, JobLog.KEPT_BYTES - 10, false, false).wouldExceed(11)).isTrue();
        assertThat(new JobLogHead("jt-1#1", 1, JobLog.KEPT_BYTES - 10, false, false).wouldExceed(10)).isFalse();
    }
}
