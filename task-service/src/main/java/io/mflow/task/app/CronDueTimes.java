package io.mflow.task.app;

import io.mflow.task.domain.Schedule;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import org.springframework.scheduling.support.CronExpression;

/**
 * A schedule's due times, by Spring's {@link CronExpression} matched against the wall clock of the schedule's time
 * zone, each wall-clock time once: when daylight saving time begins, a time in the skipped hour comes due shifted by
 * the gap (02:30 at 03:30, so a daily schedule still runs that day; Spring alone would skip it); when it ends, a time in
 * the hour that happens twice comes due at its first occurrence only (Spring alone would run it twice). A 5-field Unix
 * cron is Spring's 6-field one at second 0.
 */
public final class CronDueTimes implements Schedule.DueTimes {

    private final CronExpression cron;
    private final ZoneId zone;

    private CronDueTimes(CronExpression cron, ZoneId zone) {
        this.cron = cron;
        this.zone = zone;
    }

    /** The due times of a schedule that {@link #problemOf} found nothing wrong with. */
    public static CronDueTimes of(Schedule schedule) {
        return new CronDueTimes(CronExpression.parse(sixFields(schedule.cron())), ZoneId.of(schedule.timeZone()));
    }

    /** What is wrong with a schedule's cron and time zone, as a sentence; null when nothing is. */
    public static String problemOf(Schedule schedule) {
        if (schedule.cron() == null || schedule.cron().isEmpty()) {
            return "needs a cron";
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(schedule.timeZone());
        } catch (DateTimeException e) {
            return "time zone '" + schedule.timeZone() + "' is not an IANA time zone (such as Europe/Berlin or UTC)";
        }
        CronExpression cron;
        try {
            cron = CronExpression.parse(sixFields(schedule.cron()));
        } catch (IllegalArgumentException e) {
            return "cron '" + schedule.cron() + "' is not valid (5 fields 'minute hour day month weekday', 6 with"
                    + " seconds first, or @yearly, @monthly, @weekly, @daily, @hourly): " + e.getMessage();
        }
        if (new CronDueTimes(cron, zone).nextAfter(Instant.EPOCH) == null) {
            return "cron '" + schedule.cron() + "' never comes due";
        }
        return null;
    }

    @Override
    public Instant nextAfter(Instant instant) {
        LocalDateTime local = LocalDateTime.ofInstant(instant, zone);
        LocalDateTime next = cron.next(local);
        if (next == null) {
            return null;
        }
        // null offset: the earlier one where the wall clock repeats, and a time in a gap shifted by the gap's length
        Instant due = ZonedDateTime.ofLocal(next, zone, null).toInstant();
        if (due.isAfter(instant)) {
            return due;
        }
        // the instant is in the repeated hour: its times came due at their first occurrence, go on after the hour
        ZoneOffsetTransition repeat = zone.getRules().getTransition(next);
        if (repeat == null) {
            return null;
        }
        next = cron.next(repeat.getDateTimeBefore().minusNanos(1));
        return next == null ? null : ZonedDateTime.ofLocal(next, zone, null).toInstant();
    }

    private static String sixFields(String cron) {
        return cron.startsWith("@") || cron.split("\\s+").length != 5 ? cron : "0 " + cron;
    }
}
