package io.mflow.task.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * When mflow starts a job task's next attempt by itself: after an attempt that ended {@code on} one of its causes,
 * up to {@code limit} times in a row, waiting {@code backoff} before the first and {@code multiplier} times longer
 * before each next one. A person's retry starts the count again. A job's policy is the default for its tasks; a task
 * in a pipeline's definition may replace it as a whole.
 */
public record RetryPolicy(int limit, Duration backoff, double multiplier, Set<Cause> on) {

    /** Why an attempt ended, as far as retrying goes. */
    public enum Cause {
        /** The job ran and failed (a non-zero exit code, a timeout). */
        FAILED,
        /** Its runner lost it: the process vanished, or the runner could not tell how it ended. */
        LOST
    }

    /** A lost execution is tried again twice, at once; a job that failed is not retried. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(2, Duration.ZERO, 2, EnumSet.of(Cause.LOST));

    public static final int MOST_RETRIES = 10;
    public static final Duration LONGEST_BACKOFF = Duration.ofHours(1);
    public static final double LARGEST_MULTIPLIER = 10;

    public RetryPolicy {
        backoff = backoff == null ? Duration.ZERO : backoff;
        on = on == null || on.isEmpty() ? EnumSet.noneOf(Cause.class) : EnumSet.copyOf(on);
    }

    /** What is wrong with this policy as given, one sentence each under {@code field}; empty when nothing is. */
    public List<String> problems(String field) {
        List<String> problems = new ArrayList<>();
        if (limit < 0 || limit > MOST_RETRIES) {
            problems.add(field + ".limit must be between 0 and " + MOST_RETRIES + ", not " + limit);
        }
        if ((backoff.isNegative() || backoff.compareTo(LONGEST_BACKOFF) > 0)) {
            problems.add(field + ".backoff must be between PT0S and " + LONGEST_BACKOFF + ", not " + backoff);
        }
        if (multiplier < 1 || multiplier > LARGEST_MULTIPLIER) {
            problems.add(field + ".multiplier must be between 1 and " + (int) LARGEST_MULTIPLIER + ", not "
                    + multiplier);
        }
        if (on.isEmpty()) {
            problems.add(field + ".on must name FAILED, LOST or both");
        }
        return problems;
    }

    /**
     * How long to wait before automatic retry number {@code retry} (1 for the first) of an attempt that ended for
     * {@code cause}; empty when this policy does not retry it. The wait never grows past {@link #LONGEST_BACKOFF}.
     */
    public Optional<Duration> backoffBefore(int retry, Cause cause) {
        if (!on.contains(cause) || retry < 1 || retry > limit) {
            return Optional.empty();
        }
        double millis = backoff.toMillis() * Math.pow(multiplier, retry - 1);
        return Optional.of(Duration.ofMillis((long) Math.min(millis, LONGEST_BACKOFF.toMillis())));
    }
}
