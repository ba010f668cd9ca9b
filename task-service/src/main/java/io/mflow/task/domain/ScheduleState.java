package io.mflow.task.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * Where a schedule of a pipeline stands: its next due time and what its last one started. Stored apart from the
 * pipeline and changed only by a write guarded by {@code version} (compare and set), so replicas sweeping at once
 * agree on who fires a due time and never advance it twice.
 *
 * @param timing       the {@link Schedule#timing()} the plan was made for; another one means the schedule changed
 * @param nextDueAt    null: never (the schedule is disabled, or its cron comes due no more)
 * @param claimedUntil a replica fires the due time until then; after it (the replica died) another one may fire it
 *                     again, under the same run id
 * @param lastProblem  why the last due time started no run (the run was refused), or null
 */
public record ScheduleState(String pipelineId, String name, String timing, Instant nextDueAt, Instant claimedUntil,
                            Instant lastDueAt, String lastRunId, Instant lastFiredAt, String lastProblem,
                            long version) {

    /** Due times looked through at most to find the latest missed one: a 1-second cron missed for a day. */
    static final int LOOKED_THROUGH = 100_000;

    /** The plan of a schedule seen for the first time, or changed, at {@code now}: due times before now never run. */
    public static ScheduleState planned(String pipelineId, Schedule schedule, Schedule.DueTimes times, Instant now) {
        return new ScheduleState(pipelineId, schedule.name(), schedule.timing(),
                schedule.enabled() ? times.nextAfter(now) : null, null, null, null, null, null, 0).next();
    }

    /** The plan after a change of the schedule (its last run kept); the same when its timing did not change. */
    public ScheduleState replanned(Schedule schedule, Schedule.DueTimes times, Instant now) {
        if (timing.equals(schedule.timing())) {
            return this;
        }
        return new ScheduleState(pipelineId, name, schedule.timing(), schedule.enabled() ? times.nextAfter(now) : null,
                null, lastDueAt, lastRunId, lastFiredAt, lastProblem, version).next();
    }

    /** What a sweep at {@code now} does with a schedule. */
    public sealed interface Turn {
    }

    /** Nothing is due, or another replica is firing it. */
    public record NotDue() implements Turn {
    }

    /** Start the run for {@code dueAt}; the schedule is next due at {@code nextDueAt}. */
    public record Fire(Instant dueAt, Instant nextDueAt) implements Turn {
    }

    /** The due times passed unseen and the schedule skips them: it is next due at {@code nextDueAt}. */
    public record Skip(Instant nextDueAt) implements Turn {
    }

    /**
     * The oldest due time not fired yet, if it has come. One seen on time (within {@code grace}) fires for itself, so
     * a cron that comes due more often than the sweep runs still gets a run for each due time (the next turn fires
     * the next one); due times seen later than that were missed (the engine was down): {@code RUN_ONCE} fires the
     * latest of them, {@code SKIP} none, and the due times after them come in turn.
     *
     * @param grace how late a due time may be seen and still count as on time: a sweep comes every few seconds, so
     *              every due time is seen a little late; one seen later than this was missed (the engine was down)
     */
    public Turn turn(Schedule schedule, Schedule.DueTimes times, Instant now, Duration grace) {
        if (!schedule.enabled() || nextDueAt == null || nextDueAt.isAfter(now)
                || (claimedUntil != null && claimedUntil.isAfter(now))) {
            return new NotDue();
        }
        Instant missedBefore = now.minus(grace);
        if (!nextDueAt.isBefore(missedBefore)) {
            return new Fire(nextDueAt, times.nextAfter(nextDueAt));
        }
        Instant latest = nextDueAt;
        Instant after = times.nextAfter(latest);
        for (int i = 0; i < LOOKED_THROUGH && after != null && after.isBefore(missedBefore); i++) {
            latest = after;
            after = times.nextAfter(latest);
        }
        if (after != null && after.isBefore(missedBefore)) {
            // more missed due times than we look through: the first one not missed, as a skip would
            after = times.nextAfter(missedBefore);
        }
        if (schedule.missed() == Schedule.Missed.SKIP) {
            return new Skip(after);
        }
        return new Fire(latest, after);
    }

    /** Taken by a replica to fire {@code dueAt} until {@code until}. */
    public ScheduleState claimed(Instant until) {
        return new ScheduleState(pipelineId, name, timing, nextDueAt, until, lastDueAt, lastRunId, lastFiredAt,
                lastProblem, version).next();
    }

    /** The run for {@code fire} started (or was refused, {@code problem} says why: it is not tried again). */
    public ScheduleState fired(Fire fire, String runId, String problem, Instant at) {
        return new ScheduleState(pipelineId, name, timing, fire.nextDueAt(), null, fire.dueAt(), runId, at, problem,
                version).next();
    }

    public ScheduleState skipped(Skip skip) {
        return new ScheduleState(pipelineId, name, timing, skip.nextDueAt(), null, lastDueAt, lastRunId, lastFiredAt,
                lastProblem, version).next();
    }

    private ScheduleState next() {
        return new ScheduleState(pipelineId, name, timing, nextDueAt, claimedUntil, lastDueAt, lastRunId, lastFiredAt,
                lastProblem, version + 1);
    }
}
