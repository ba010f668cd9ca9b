package io.mflow.runner.app;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Keeps runner-service's history within bounds: every replica's sweep removes executions that settled longer than
 * {@code maxAge} ago, with their work dirs and what agents sent of their output, at most {@code batch} per turn. An execution that has not settled (claimed,
 * launched, running, awaiting a report) is never touched, nor its dir. The dir goes first: a crash in between leaves
 * the record, whose next sweep finds the dir gone and removes the record.
 */
public class ForgetExecutions {

    private final ExecutionHistory history;
    private final WorkDirs workDirs;
    private final AgentLogs agentOutput;
    private final Duration maxAge;
    private final int batch;
    private final Clock clock;

    public ForgetExecutions(ExecutionHistory history, WorkDirs workDirs, AgentLogs agentOutput, Duration maxAge,
                            int batch, Clock clock) {
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("mflow.retention.executions.max-age must be positive, not " + maxAge);
        }
        this.history = history;
        this.workDirs = workDirs;
        this.agentOutput = agentOutput;
        this.maxAge = maxAge;
        this.batch = batch;
        this.clock = clock;
    }

    public int sweep() {
        return sweepAt(clock.instant());
    }

    /** The sweep as at {@code now}; how many executions it removed. */
    public int sweepAt(Instant now) {
        int removed = 0;
        for (ExecutionHistory.Settled settled : history.settledBefore(now.minus(maxAge), batch)) {
            if (settled.workDir() != null) {
                workDirs.remove(settled.workDir());
            }
            agentOutput.delete(settled.attemptId());
            removed += history.remove(settled.attemptId()) ? 1 : 0;
        }
        return removed;
    }
}
