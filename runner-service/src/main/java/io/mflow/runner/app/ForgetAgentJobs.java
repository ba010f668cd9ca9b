package io.mflow.runner.app;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Keeps the AGENT attempts' records within bounds as their executions are: every replica's sweep removes those that
 * settled (ended, lost or canceled) longer than the executions' {@code maxAge} ago, at most {@code batch} per turn.
 * Swept after the executions, so an attempt goes in the same turn as its execution. A removed attempt's late report
 * from an agent that came back is refused as one of an unknown attempt, as a settled one's is refused.
 */
public class ForgetAgentJobs {

    private final AgentJobHistory history;
    private final Duration maxAge;
    private final int batch;
    private final Clock clock;

    /** @param maxAge {@code mflow.retention.executions.max-age} */
    public ForgetAgentJobs(AgentJobHistory history, Duration maxAge, int batch, Clock clock) {
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("mflow.retention.executions.max-age must be positive, not " + maxAge);
        }
        this.history = history;
        this.maxAge = maxAge;
        this.batch = batch;
        this.clock = clock;
    }

    public int sweep() {
        return sweepAt(clock.instant());
    }

    /** The sweep as at {@code now}; how many attempts' records it removed. */
    public int sweepAt(Instant now) {
        return history.removeSettledBefore(now.minus(maxAge), batch);
    }
}
