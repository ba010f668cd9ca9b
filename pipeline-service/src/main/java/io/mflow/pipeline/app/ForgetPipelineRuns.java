package io.mflow.pipeline.app;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Keeps pipeline-service's own view of the runs within bounds: every replica's sweep removes runs that concluded
 * longer than {@code maxAge} ago, at most {@code batch} per turn. A failed run resumes when one of its tasks is
 * retried, which needs its view here; so the view is kept a day longer than task-service keeps the run itself
 * ({@link #GRACE}), and a run task-service still shows can always be resumed.
 */
public class ForgetPipelineRuns {

    /** How much longer than task-service's runs this view is kept. */
    public static final Duration GRACE = Duration.ofDays(1);

    private final RunHistory history;
    private final Duration maxAge;
    private final int batch;
    private final Clock clock;

    /** @param runsMaxAge {@code mflow.retention.runs.max-age}, task-service's too */
    public ForgetPipelineRuns(RunHistory history, Duration runsMaxAge, int batch, Clock clock) {
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

    /** The sweep as at {@code now}; how many runs it removed. */
    public int sweepAt(Instant now) {
        return history.removeConcludedBefore(now.minus(maxAge), batch);
    }
}
