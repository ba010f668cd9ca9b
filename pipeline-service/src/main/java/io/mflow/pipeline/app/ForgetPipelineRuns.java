package io.mflow.pipeline.app;

import io.mflow.platform.sweep.ForgetOlder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Keeps pipeline-service's own view of the runs within bounds: every replica's sweep removes runs that concluded
 * longer than {@code maxAge} ago, at most {@code batch} per turn. A failed run resumes when one of its tasks is
 * retried, which needs its view here; so the view is kept a day longer than task-service keeps the run itself
 * ({@link #GRACE}), and a run task-service still shows can always be resumed.
 */
public class ForgetPipelineRuns extends ForgetOlder {

    /** How much longer than task-service's runs this view is kept. */
    public static final Duration GRACE = Duration.ofDays(1);

    private final RunHistory history;

    /** @param runsMaxAge {@code mflow.retention.runs.max-age}, task-service's too */
    public ForgetPipelineRuns(RunHistory history, Duration runsMaxAge, int batch, Clock clock) {
        super("mflow.retention.runs.max-age", runsMaxAge.plus(GRACE), batch, clock);
        this.history = history;
    }

    @Override
    protected int removeBefore(Instant cutoff, int limit) {
        return history.removeConcludedBefore(cutoff, limit);
    }
}
