package io.mflow.runner.domain.replica;

import io.mflow.runner.domain.Attempt;
import io.mflow.runner.domain.Execution;
import io.mflow.runner.domain.ExecutionState;
import java.time.Instant;
import java.util.Optional;

/**
 * What a runner-service instance does with another instance's execution. Only a dead owner's (its lease expired)
 * unsettled execution is taken at all; what then follows depends on where its job runs. A job on the dead owner's
 * host cannot be probed from here, so it is reported lost (the pipeline retries it by the job's policy) and never
 * started again; a job that runs elsewhere (a Kubernetes Job, an agent) runs on and is re-attached to.
 */
public final class Takeover {

    public enum Action {
        /** Not ours to touch: settled, ours already, or its owner is alive. */
        LEAVE,
        /** Claimed, never started: the new owner starts it (the owner's compare-and-set makes it once). */
        START,
        /** A LOCAL job ran on the dead owner's host: whether it did its work is unknown. */
        REPORT_LOST,
        /** It runs off any runner's host: probe it where it runs and follow it to its end, creating nothing. */
        REATTACH,
        /** Its process ended and it waits for an outside report: only its timeout is armed again. */
        AWAIT_OUTSIDE_REPORT
    }

    private Takeover() {
    }

    /**
     * @param ownerLease the owner's lease as stored; empty counts as dead, since every instance holds a lease
     *                   before it claims anything. An execution without an owner (claimed before instances had ids)
     *                   is left to the start-up recovery of an instance.
     */
    public static Action decide(Execution execution, String self, Optional<RunnerLease> ownerLease, Instant now) {
        if (execution.state().isSettled() || execution.owner() == null || execution.isOwnedBy(self)) {
            return Action.LEAVE;
        }
        if (ownerLease.isPresent() && ownerLease.get().isLiveAt(now)) {
            return Action.LEAVE;
        }
        return onceDead(execution);
    }

    /** What the new owner does, the takeover won. */
    public static Action onceDead(Execution execution) {
        if (execution.state() == ExecutionState.CLAIMED) {
            return Action.START;
        }
        if (execution.state() == ExecutionState.AWAITING) {
            return Action.AWAIT_OUTSIDE_REPORT;
        }
        boolean onItsHost = Attempt.LOCAL.equals(execution.attempt().runnerType()) && !execution.attempt().dryRun();
        return onItsHost ? Action.REPORT_LOST : Action.REATTACH;
    }
}
