package io.mflow.runner.app;

import io.mflow.platform.sweep.ForgetOlder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Keeps the AGENT attempts' records within bounds as their executions are: every replica's sweep removes those that
 * settled (ended, lost or canceled) longer than the executions' {@code maxAge} ago, at most {@code batch} per turn.
 * Swept after the executions, so an attempt goes in the same turn as its execution. A removed attempt's late report
 * from an agent that came back is refused as one of an unknown attempt, as a settled one's is refused.
 */
public class ForgetAgentJobs extends ForgetOlder {

    private final AgentJobHistory history;

    /** @param maxAge {@code mflow.retention.executions.max-age} */
    public ForgetAgentJobs(AgentJobHistory history, Duration maxAge, int batch, Clock clock) {
        super("mflow.retention.executions.max-age", maxAge, batch, clock);
        this.history = history;
    }

    @Override
    protected int removeBefore(Instant cutoff, int limit) {
        return history.removeSettledBefore(cutoff, limit);
    }
}
