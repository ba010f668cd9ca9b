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
 *
 * <p>A claim is not proof that nothing started: the owner stores the claim, waits until the attempt is due
 * ({@code notBefore}, its back-off), starts the process, then stores the start. An owner that died between the last
 * two steps left a LOCAL job running on its host under a mere claim. So a dead owner's LOCAL claim is started again
 * only when the owner was dead before the attempt was due (its lease ended before {@code notBefore}); otherwise it is
 * lost like a running one. Elsewhere a second start finds the first (a Job of the same name, the agent's attempt).
 */
public final class Takeover {

    public enum Action {
        /** Not ours to touch: settled, ours already, or its owner is alive. */
        LEAVE,
        /** Claimed, surely never started: the new owner starts it (the owner's compare-and-set makes it once). */
        START,
        /** A LOCAL job ran, or may have started, on the dead owner's host: whether it did its work is unknown. */
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
        return onceDead(execution, ownerLease.map(RunnerLease::leaseUntil));
    }

    /**
     * What the new owner does, the takeover won.
     *
     * @param ownerAliveUntil when the dead owner's lease ended: it did nothing after; empty when unknown
     */
    public static Action onceDead(Execution execution, Optional<Instant> ownerAliveUntil) {
        boolean onItsHost = Attempt.LOCAL.equals(execution.attempt().runnerType()) && !execution.attempt().dryRun();
        if (execution.state() == ExecutionState.CLAIMED) {
            return !onItsHost || diedBeforeDue(execution.attempt(), ownerAliveUntil) ? Action.START
                    : Action.REPORT_LOST;
        }
        if (execution.state() == ExecutionState.AWAITING) {
            return Action.AWAIT_OUTSIDE_REPORT;
        }
        return onItsHost ? Action.REPORT_LOST : Action.REATTACH;
    }

    private static boolean diedBeforeDue(Attempt attempt, Optional<Instant> ownerAliveUntil) {
        return attempt.notBefore() != null && ownerAliveUntil.isPresent()
                && ownerAliveUntil.get().isBefore(attempt.notBefore());
    }
}
