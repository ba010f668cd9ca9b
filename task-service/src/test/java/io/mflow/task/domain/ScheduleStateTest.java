package io.mflow.task.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.task.app.CronDueTimes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleStateTest {

    private static final Duration GRACE = Duration.ofMinutes(1);
    private static final Instant DEFINED = Instant.parse("2026-05-04T08:20:00Z");

    /** Every hour on the hour, UTC. */
    private static Schedule hourly(Schedule.Missed missed) {
        return new Schedule("hourly", "0 * * * *", null, List.of(new ParamValue("GOAL", "nightly")), missed, true);
    }

    private static Schedule.DueTimes times(Schedule schedule) {
        return CronDueTimes.of(schedule);
    }

    private static ScheduleState plannedAtDefinition(Schedule schedule) {
        return ScheduleState.planned("pl-1", schedule, times(schedule), DEFINED);
    }

    private static ScheduleState.Turn turnAt(ScheduleState state, Schedule schedule, String now) {
        return state.turn(schedule, times(schedule), Instant.parse(now), GRACE);
    }

    @Test
    void aNewScheduleIsNextDueAtItsFirstDueTimeAfterItWasDefinedNeverBefore() {
        ScheduleState state = plannedAtDefinition(hourly(null));

        assertThat(state.nextDueAt()).isEqualTo("2026-05-04T09:00:00Z");
        assertThat(state.version()).isEqualTo(1);
        assertThat(turnAt(state, hourly(null), "2026-05-04T08:59:59Z")).isInstanceOf(ScheduleState.NotDue.class);
    }

    @Test
    void aDueTimeSeenOnTimeFiresForThatTimeAndTheScheduleIsNextDueAnHourLater() {
        ScheduleState.Turn turn = turnAt(plannedAtDefinition(hourly(null)), hourly(null), "2026-05-04T09:00:03Z");

        assertThat(turn).isEqualTo(new ScheduleState.Fire(Instant.parse("2026-05-04T09:00:00Z"),
                Instant.parse("2026-05-04T10:00:00Z")));
    }

    @Test
    void dueTimesMissedWhileTheEngineWasDownRunOnceForTheLatestOfThemWithRunOnce() {
        ScheduleState.Turn turn = turnAt(plannedAtDefinition(hourly(Schedule.Missed.RUN_ONCE)),
                hourly(Schedule.Missed.RUN_ONCE), "2026-05-04T13:25:00Z");

        assertThat(turn).as("09:00 to 13:00 missed: one run, for 13:00").isEqualTo(new ScheduleState.Fire(
                Instant.parse("2026-05-04T13:00:00Z"), Instant.parse("2026-05-04T14:00:00Z")));
    }

    @Test
    void dueTimesMissedWhileTheEngineWasDownAreSkippedWithSkipAndTheNextDueTimeIsInTheFuture() {
        ScheduleState.Turn turn = turnAt(plannedAtDefinition(hourly(Schedule.Missed.SKIP)),
                hourly(Schedule.Missed.SKIP), "2026-05-04T13:25:00Z");

        assertThat(turn).isEqualTo(new ScheduleState.Skip(Instant.parse("2026-05-04T14:00:00Z")));
    }

    @Test
    void aSkippingScheduleStillFiresADueTimeSeenWithinTheGrace() {
        ScheduleState.Turn turn = turnAt(plannedAtDefinition(hourly(Schedule.Missed.SKIP)),
                hourly(Schedule.Missed.SKIP), "2026-05-04T09:00:59Z");

        assertThat(turn).isInstanceOf(ScheduleState.Fire.class);
    }

    @Test
    void dueTimesThatCameBetweenTwoSweepsFireOneAfterAnotherEachForItselfNotOnlyTheLatest() {
        Schedule everyTwo = new Schedule("every-2s", "*/2 * * * * *", null, List.of(), null, true);
        ScheduleState state = plannedAtDefinition(everyTwo);
        List<Instant> fired = new java.util.ArrayList<>();
        ScheduleState.Turn turn = turnAt(state, everyTwo, "2026-05-04T08:20:07Z");
        while (turn instanceof ScheduleState.Fire fire) {
            fired.add(fire.dueAt());
            state = state.claimed(Instant.parse("2026-05-04T08:21:07Z"))
                    .fired(fire, "pt-s-" + fired.size(), null, Instant.parse("2026-05-04T08:20:07Z"));
            turn = turnAt(state, everyTwo, "2026-05-04T08:20:07Z");
        }

        assertThat(fired).as("a sweep every 5 s sees three due times of a 2-second cron: a run for each").containsExactly(
                Instant.parse("2026-05-04T08:20:02Z"), Instant.parse("2026-05-04T08:20:04Z"),
                Instant.parse("2026-05-04T08:20:06Z"));
        assertThat(state.nextDueAt()).isEqualTo("2026-05-04T08:20:08Z");
        assertThat(turn).isInstanceOf(ScheduleState.NotDue.class);
    }

    @Test
    void afterTheLatestMissedDueTimeTheDueTimesSeenOnTimeStillFireWithRunOnceAndWithSkip() {
        Schedule runOnce = hourly(Schedule.Missed.RUN_ONCE);
        ScheduleState.Fire missed = (ScheduleState.Fire) turnAt(plannedAtDefinition(runOnce), runOnce,
                "2026-05-04T13:00:30Z");
        assertThat(missed).as("09:00 to 12:00 missed: one run, for 12:00; 13:00 came on time").isEqualTo(
                new ScheduleState.Fire(Instant.parse("2026-05-04T12:00:00Z"), Instant.parse("2026-05-04T13:00:00Z")));

        Schedule skip = hourly(Schedule.Missed.SKIP);
        ScheduleState.Turn skipped = turnAt(plannedAtDefinition(skip), skip, "2026-05-04T13:00:30Z");
        assertThat(skipped).isEqualTo(new ScheduleState.Skip(Instant.parse("2026-05-04T13:00:00Z")));
        ScheduleState after = plannedAtDefinition(skip).skipped((ScheduleState.Skip) skipped);
        assertThat(turnAt(after, skip, "2026-05-04T13:00:30Z")).isEqualTo(new ScheduleState.Fire(
                Instant.parse("2026-05-04T13:00:00Z"), Instant.parse("2026-05-04T14:00:00Z")));
    }

    @Test
    void aFiredDueTimeDoesNotFireAgain() {
        Schedule schedule = hourly(null);
        ScheduleState state = plannedAtDefinition(schedule);
        ScheduleState.Fire fire = (ScheduleState.Fire) turnAt(state, schedule, "2026-05-04T09:00:01Z");
        ScheduleState fired = state.claimed(Instant.parse("2026-05-04T09:01:01Z"))
                .fired(fire, "pt-s-1", null, Instant.parse("2026-05-04T09:00:02Z"));

        assertThat(turnAt(fired, schedule, "2026-05-04T09:00:02Z")).isInstanceOf(ScheduleState.NotDue.class);
        assertThat(fired.lastDueAt()).isEqualTo("2026-05-04T09:00:00Z");
        assertThat(fired.lastRunId()).isEqualTo("pt-s-1");
        assertThat(fired.nextDueAt()).isEqualTo("2026-05-04T10:00:00Z");
        assertThat(fired.version()).isEqualTo(state.version() + 2);
    }

    @Test
    void aDueTimeClaimedByAnotherReplicaIsNotDueUntilTheClaimRunsOutThenItFiresForTheSameTime() {
        Schedule schedule = hourly(null);
        ScheduleState claimed = plannedAtDefinition(schedule).claimed(Instant.parse("2026-05-04T09:01:00Z"));

        assertThat(turnAt(claimed, schedule, "2026-05-04T09:00:30Z")).isInstanceOf(ScheduleState.NotDue.class);
        assertThat(turnAt(claimed, schedule, "2026-05-04T09:01:01Z"))
                .as("the replica died: another fires the same due time, under the same run id")
                .isEqualTo(new ScheduleState.Fire(Instant.parse("2026-05-04T09:00:00Z"),
                        Instant.parse("2026-05-04T10:00:00Z")));
    }

    @Test
    void aDisabledScheduleIsNeverDue() {
        Schedule disabled = new Schedule("hourly", "0 * * * *", null, List.of(), null, false);
        ScheduleState state = plannedAtDefinition(disabled);

        assertThat(state.nextDueAt()).isNull();
        assertThat(turnAt(state, disabled, "2026-05-05T09:00:00Z")).isInstanceOf(ScheduleState.NotDue.class);
        assertThat(plannedAtDefinition(hourly(null)).turn(disabled, times(disabled), Instant.parse(
                "2026-05-05T09:00:00Z"), GRACE)).as("disabled since it was planned").isInstanceOf(ScheduleState.NotDue.class);
    }

    @Test
    void changingOnlyTheParamsKeepsThePlan() {
        ScheduleState state = plannedAtDefinition(hourly(null));
        Schedule otherParams = new Schedule("hourly", "0 * * * *", "UTC", List.of(), null, true);

        assertThat(state.replanned(otherParams, times(otherParams), Instant.parse("2026-05-04T12:00:00Z")))
                .isSameAs(state);
    }

    @Test
    void changingTheCronPlansFromTheChangeSoDueTimesBeforeItNeverRun() {
        ScheduleState state = plannedAtDefinition(hourly(null));
        Schedule daily = new Schedule("hourly", "@daily", null, List.of(), null, true);

        ScheduleState replanned = state.replanned(daily, times(daily), Instant.parse("2026-05-04T12:00:00Z"));

        assertThat(replanned.nextDueAt()).isEqualTo("2026-05-05T00:00:00Z");
        assertThat(replanned.version()).isEqualTo(state.version() + 1);
    }

    @Test
    void theRunIdOfADueTimeIsTheSameEachTimeAndDiffersForAnotherDueTimeScheduleOrPipeline() {
        Schedule schedule = hourly(null);
        Instant nine = Instant.parse("2026-05-04T09:00:00Z");
        String id = schedule.runIdFor("pl-1", nine);

        assertThat(id).startsWith("pt-s-").isEqualTo(hourly(Schedule.Missed.SKIP).runIdFor("pl-1", nine));
        assertThat(schedule.runIdFor("pl-1", nine.plusSeconds(3600))).isNotEqualTo(id);
        assertThat(schedule.runIdFor("pl-2", nine)).isNotEqualTo(id);
        assertThat(new Schedule("other", "0 * * * *", null, List.of(), null, true).runIdFor("pl-1", nine))
                .isNotEqualTo(id);
    }

    @Test
    void aRunOfAScheduleSaysWhichScheduleAndDueTimeStartedIt() {
        Schedule schedule = hourly(null);

        assertThat(schedule.labelsFor(Instant.parse("2026-05-04T09:00:00Z"))).containsExactlyInAnyOrderEntriesOf(
                java.util.Map.of("mflow.io/schedule", "hourly", "mflow.io/schedule-due", "2026-05-04T09:00:00Z"));
        assertThat(schedule.triggeredBy()).isEqualTo("schedule:hourly");
    }

    @Test
    void aScheduleDefaultsToUtcAndRunOnce() {
        Schedule schedule = new Schedule("s", "@daily", " ", null, null, true);

        assertThat(schedule.timeZone()).isEqualTo("UTC");
        assertThat(schedule.missed()).isEqualTo(Schedule.Missed.RUN_ONCE);
        assertThat(schedule.params()).isEmpty();
    }
}
