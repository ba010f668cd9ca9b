package io.mflow.task.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A pipeline's run that starts itself at the due times of {@code cron} (5-field Unix, Spring's 6-field with seconds, or
 * a macro such as {@code @daily}) read in {@code timeZone} (IANA; null: UTC), with {@code params} as a run request's.
 * {@code missed} says what a due time that passed while no replica was up (or all were late) becomes.
 */
public record Schedule(String name, String cron, String timeZone, List<ParamValue> params, Missed missed,
                       boolean enabled) {

    /** The label every run of a schedule carries, with the schedule's name. */
    public static final String LABEL = "mflow.io/schedule";
    /** The label with the due time (ISO instant) a run of a schedule was started for. */
    public static final String DUE_LABEL = "mflow.io/schedule-due";
    public static final String UTC = "UTC";

    /**
     * RUN_ONCE: the due times that passed unseen become one run, for the latest of them. SKIP: a due time seen later
     * than its grace (the engine was down) does not run; the schedule waits for its next one.
     */
    public enum Missed { RUN_ONCE, SKIP }

    public Schedule {
        timeZone = timeZone == null || timeZone.isBlank() ? UTC : timeZone.trim();
        cron = cron == null ? null : cron.trim();
        params = params == null ? List.of() : List.copyOf(params);
        missed = missed == null ? Missed.RUN_ONCE : missed;
    }

    /**
     * The due times of a schedule, from its cron and time zone: the first one strictly after {@code instant}, null
     * when none ever comes. Parsing cron is left to whoever makes one (Spring's {@code CronExpression}).
     */
    @FunctionalInterface
    public interface DueTimes {
        Instant nextAfter(Instant instant);
    }

    /**
     * What the timing of a schedule depends on: a change of it plans the next due time anew, a change of its params
     * alone keeps the plan (and so cannot make a due time run twice).
     */
    public String timing() {
        return cron + "|" + timeZone + "|" + missed + "|" + enabled;
    }

    /**
     * The id of the run of this schedule for {@code dueAt}: the same for every replica and every attempt, so that the
     * run is started once however often that due time is seen.
     */
    public String runIdFor(String pipelineId, Instant dueAt) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((pipelineId + "\n" + name + "\n" + dueAt)
                    .getBytes(StandardCharsets.UTF_8));
            return "pt-s-" + HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** The labels its run for {@code dueAt} is asked with. */
    public Map<String, String> labelsFor(Instant dueAt) {
        Map<String, String> labels = new TreeMap<>();
        labels.put(LABEL, name);
        labels.put(DUE_LABEL, dueAt.toString());
        return labels;
    }

    /** Who a run of it says started it. */
    public String triggeredBy() {
        return "schedule:" + name;
    }
}
