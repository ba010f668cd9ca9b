package io.mflow.task.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.task.domain.Schedule;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CronDueTimesTest {

    private static Schedule schedule(String cron, String zone) {
        return new Schedule("nightly", cron, zone, List.of(), null, true);
    }

    private static Instant next(String cron, String zone, String after) {
        return CronDueTimes.of(schedule(cron, zone)).nextAfter(Instant.parse(after));
    }

    @Test
    void aFiveFieldUnixCronComesDueAtSecondZero() {
        assertThat(next("30 2 * * *", null, "2026-01-01T00:00:00Z")).isEqualTo("2026-01-01T02:30:00Z");
    }

    @Test
    void aSixFieldCronCountsSecondsFirst() {
        assertThat(next("*/2 * * * * *", null, "2026-01-01T12:00:00Z")).isEqualTo("2026-01-01T12:00:02Z");
        assertThat(next("*/2 * * * * *", null, "2026-01-01T12:00:01.500Z")).isEqualTo("2026-01-01T12:00:02Z");
    }

    @Test
    void theNextDueTimeIsStrictlyAfterTheGivenInstant() {
        assertThat(next("30 2 * * *", "UTC", "2026-01-01T02:30:00Z")).isEqualTo("2026-01-02T02:30:00Z");
    }

    @Test
    void macrosComeDueAsTheirCronWould() {
        assertThat(next("@daily", "UTC", "2026-01-01T12:00:00Z")).isEqualTo("2026-01-02T00:00:00Z");
        assertThat(next("@hourly", "UTC", "2026-01-01T12:00:00Z")).isEqualTo("2026-01-01T13:00:00Z");
        assertThat(next("@daily", "Asia/Tokyo", "2026-01-01T12:00:00Z")).isEqualTo("2026-01-01T15:00:00Z");
    }

    @Test
    void dueTimesAreReadOnTheWallClockOfTheScheduleTimeZoneSummerAndWinter() {
        assertThat(next("0 9 * * *", "Europe/Berlin", "2026-01-10T00:00:00Z")).isEqualTo("2026-01-10T08:00:00Z");
        assertThat(next("0 9 * * *", "Europe/Berlin", "2026-07-10T00:00:00Z")).isEqualTo("2026-07-10T07:00:00Z");
        assertThat(next("0 9 * * *", "America/New_York", "2026-07-10T00:00:00Z")).isEqualTo("2026-07-10T13:00:00Z");
    }

    @Test
    void aTimeSkippedWhenDaylightSavingBeginsComesDueShiftedByTheGapSoADailyScheduleStillRunsThatDay() {
        // Berlin's clocks jump from 02:00 to 03:00 on 29 March 2026: 02:30 is never on the wall clock
        Instant shifted = next("30 2 * * *", "Europe/Berlin", "2026-03-28T12:00:00Z");

        assertThat(shifted).isEqualTo("2026-03-29T01:30:00Z"); // 03:30 summer time
        assertThat(CronDueTimes.of(schedule("30 2 * * *", "Europe/Berlin")).nextAfter(shifted))
                .isEqualTo("2026-03-30T00:30:00Z");
    }

    @Test
    void aTimeInTheHourThatHappensTwiceWhenDaylightSavingEndsComesDueOnceAtItsFirstOccurrence() {
        // Berlin's clocks go back from 03:00 to 02:00 on 25 October 2026: 02:30 is on the wall clock twice
        Instant first = next("30 2 * * *", "Europe/Berlin", "2026-10-24T12:00:00Z");
        assertThat(first).isEqualTo("2026-10-25T00:30:00Z"); // 02:30 summer time

        assertThat(CronDueTimes.of(schedule("30 2 * * *", "Europe/Berlin")).nextAfter(first))
                .as("not again at 02:30 winter time (01:30Z)").isEqualTo("2026-10-26T01:30:00Z");
        assertThat(next("30 2 * * *", "Europe/Berlin", "2026-10-25T01:15:00Z"))
                .as("seen from inside the repeated hour").isEqualTo("2026-10-26T01:30:00Z");
    }

    @Test
    void aValidScheduleHasNoProblem() {
        assertThat(CronDueTimes.problemOf(schedule("*/2 * * * * *", "Europe/Berlin"))).isNull();
        assertThat(CronDueTimes.problemOf(schedule("@weekly", null))).isNull();
    }

    @Test
    void anInvalidCronIsToldWithWhatIsWrongAndWhatIsAccepted() {
        assertThat(CronDueTimes.problemOf(schedule("61 * * * *", null)))
                .contains("cron '61 * * * *' is not valid", "5 fields", "@daily", "61");
        assertThat(CronDueTimes.problemOf(schedule("every day", null))).contains("cron 'every day' is not valid");
        assertThat(CronDueTimes.problemOf(schedule("@fortnightly", null))).contains("is not valid");
        assertThat(CronDueTimes.problemOf(schedule(" ", null))).isEqualTo("needs a cron");
    }

    @Test
    void anUnknownTimeZoneIsToldAsNoIanaZone() {
        assertThat(CronDueTimes.problemOf(schedule("@daily", "Mars/Olympus")))
                .isEqualTo("time zone 'Mars/Olympus' is not an IANA time zone (such as Europe/Berlin or UTC)");
    }

    @Test
    void aCronThatNeverComesDueIsRefused() {
        assertThat(CronDueTimes.problemOf(schedule("0 0 30 2 *", null))).isEqualTo("cron '0 0 30 2 *' never comes due");
    }
}
