package io.mflow.runner.app;

import io.mflow.platform.aggregate.AggregateChanges;
import io.mflow.platform.aggregate.Changed;
import io.mflow.runner.domain.Attempt;
import io.mflow.runner.domain.Execution;
import io.mflow.runner.domain.ExecutionState;
import io.mflow.runner.domain.Report;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Stops an attempt, or makes sure it never starts when its RunJob comes later. */
public class CancelAttempt {

    private static final Logger log = LoggerFactory.getLogger(CancelAttempt.class);

    private final AggregateChanges<Execution, Report> executions;
    private final Runners runners;
    private final Clock clock;
    private final String self;

    public CancelAttempt(AggregateChanges<Execution, Report> executions, Runners runners, Clock clock) {
        this(executions, runners, clock, null);
    }

    /** @param self this instance: it stops only the LOCAL processes it owns, on its own host */
    public CancelAttempt(AggregateChanges<Execution, Report> executions, Runners runners, Clock clock, String self) {
        this.self = self;
        this.executions = executions;
        this.runners = runners;
        this.clock = clock;
    }

    /**
     * Cancels the execution, or stores a tombstone for an attempt not seen yet; when its RunJob claims it between the
     * two, the tombstone's insert loses and the claim is canceled instead.
     */
    public void cancel(CancelRequest request) {
        Attempt unseen = Attempt.canceledUnseen(request.attemptId(), request.jobTaskId(), request.pipelineTaskId(),
                request.sealedUpdateToken());
        String reason = request.reasonOrDefault();
        Changed<Execution, Report> after = executions.changeOrCreate(request.attemptId(), found -> found
                        .map(execution -> execution.canceled(reason, clock.instant()))
                        .orElseGet(() -> Execution.canceledBeforeSeen(unseen, reason, clock.instant())))
                .orElseThrow();
        if (after.created()) {
            log.info("attempt {} canceled before it was seen; it will not run", request.attemptId());
            return;
        }
        stopIfItRan(after.aggregate());
    }

    /**
     * Also when the execution was canceled already: a CancelJob replayed after a crash between the write and the
     * kill gets to kill the process then.
     */
    private void stopIfItRan(Execution execution) {
        if (execution.state() != ExecutionState.CANCELED || execution.pid() == null) {
            return;
        }
        if (Attempt.LOCAL.equals(execution.attempt().runnerType()) && execution.owner() != null
                && !execution.isOwnedBy(self)) {
            // Its pid is a process on the owner's host, not here: the owner stops it when it sees the cancel.
            log.info("{} runs on instance {}; it stops it", execution.attempt(), execution.owner());
            return;
        }
        runners.forType(execution.attempt().runnerType()).ifPresent(runner -> runner.stop(execution.attempt(),
                new Launch(execution.pid(), execution.workDir())));
    }
}
