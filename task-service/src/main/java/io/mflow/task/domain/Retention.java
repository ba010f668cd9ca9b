package io.mflow.task.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * How much history is kept: a finished run is removed once it finished longer than {@code maxAge} ago, or once its
 * pipeline has {@code maxCount} newer finished runs; one sweep removes at most {@code batch} runs, so a sweep over a
 * long-neglected store never holds a replica for long (the next one goes on).
 */
public record Retention(Duration maxAge, int maxCount, int batch) {

    public Retention {
        if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("the retention's max-age must be positive, not " + maxAge);
        }
        if (maxCount < 1) {
            throw new IllegalArgumentException("the retention's max-count must be at least 1, not " + maxCount);
        }
        if (batch < 1) {
            throw new IllegalArgumentException("a retention sweep's batch must be at least 1, not " + batch);
        }
    }

    /** What finished before this is old enough to go. */
    public Instant cutoff(Instant now) {
        return now.minus(maxAge);
    }

    /** Only a whole run that has ended goes: removing an active one would pull its job tasks from under it. */
    public static boolean mayRemove(Status stage) {
        return stage.isComplete();
    }
}
