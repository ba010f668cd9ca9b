package io.mflow.notify.app;

import io.mflow.platform.sweep.ForgetOlder;
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
public class ForgetSubscriptions extends ForgetOlder {

    /** How much longer than task-service's runs their subscriptions are kept. */
    public static final Duration GRACE = Duration.ofDays(1);

    private final SubscriptionHistory history;

    /** @param runsMaxAge {@code mflow.retention.runs.max-age}, task-service's too */
    public ForgetSubscriptions(SubscriptionHistory history, Duration runsMaxAge, int batch, Clock clock) {
        super("mflow.retention.runs.max-age", runsMaxAge.plus(GRACE), batch, clock);
        this.history = history;
    }

    @Override
    protected int removeBefore(Instant cutoff, int limit) {
        return history.removeEndedBefore(cutoff, limit);
    }
}
