package io.mflow.runner.app;

import io.mflow.platform.sweep.ForgetOlder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Keeps runner-service's history within bounds: every replica's sweep removes executions that settled longer than
 * {@code maxAge} ago, with their work dirs and what agents sent of their output, at most {@code batch} per turn. An
 * execution that has not settled (claimed, launched, running, awaiting a report) is never touched, nor its dir. The dir goes first: a crash in between leaves
 * the record, whose next sweep finds the dir gone and removes the record.
 */
public class ForgetExecutions extends ForgetOlder {

    private final ExecutionHistory history;
    private final WorkDirs workDirs;
    private final AgentLogs agentOutput;

    public ForgetExecutions(ExecutionHistory history, WorkDirs workDirs, AgentLogs agentOutput, Duration maxAge,
                            int batch, Clock clock) {
        super("mflow.retention.executions.max-age", maxAge, batch, clock);
        this.history = history;
        this.workDirs = workDirs;
        this.agentOutput = agentOutput;
    }

    @Override
    protected int removeBefore(Instant cutoff, int limit) {
        int removed = 0;
        for (ExecutionHistory.Settled settled : history.settledBefore(cutoff, limit)) {
            if (settled.workDir() != null) {
                workDirs.remove(settled.workDir());
            }
            agentOutput.delete(settled.attemptId());
            removed += history.remove(settled.attemptId()) ? 1 : 0;
        }
        return removed;
    }
}
