package io.mflow.notify.app;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Keeps the subscriptions within bounds: every replica's sweep removes those of runs that ended longer than the
 * runs' max age and a day ago ({@link #GRACE}), at most {@code batch} runs per turn. A run is changed (its failed
 * task retried) as long as task-service keeps it, which is the runs' max age; its subscribers must hear of that, so
 * its subscriptions are kept as long and a day, as pipeline-service keeps its view of it. A run still going, however
 * old, keeps them.
 */
public class ForgetSubscriptions {

    /** How much longer than task-service's runs their subscriptions are kept. */
    public static final Duration GRACE = Duration.ofDays(1);

    private final SubscriptionHistory history;
    private final Duration maxAge;
    private final int batch;
    private final Clock clock;

    /** @param runsMaxAge {@code mflow.retention.runs.max-age}, task-service's too */
    public ForgetSubscriptions(SubscriptionHistory history, Duration runsMaxAge, int batch, Clock clock) {
        if (runsMaxAge.isNegative() || runsMaxAge.isZero()) {
            throw new IllegalArgumentException("mflow.retention.runs.max-age must be positive, not " + runsMaxAge);
        }
        this.history = history;
        this.maxAge = runsMaxAge.plus(GRACE);
        this.batch = batch;
        this.clock = clock;
    }

    public int sweep() {
        return sweepAt(clock.instant());
    }

    /** The sweep as at {@code now}; how many runs' subscriptions it removed. */
    public int sweepAt(Instant now) {
        return history.removeEndedBefore(now.minus(maxAge), batch);
    }
}
