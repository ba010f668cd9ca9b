package io.mflow.runner.domain;

/** Where one attempt stands in this runner. */
public enum ExecutionState {
    /** The attempt is ours; its process may or may not have been started yet. */
    CLAIMED(false),
    /**
     * Handed to a runner that starts it in its own time (a Kubernetes Job waiting for its pod): the runner has it,
     * but it does not run yet, so ACTIVE was not reported.
     */
    LAUNCHED(false),
    /** Its process was started (it may have ended since, unseen). */
    RUNNING(false),
    /**
     * A manualStatus job's process exited 0: reported ACTIVE with its outputs, it waits for an outside report of its
     * final stage. Its timeout and a cancel still end it.
     */
    AWAITING(false),
    FINISHED(true),
    /** Canceled while claimed or running, or before the attempt was ever seen (a tombstone). */
    CANCELED(true);

    private final boolean settled;

    ExecutionState(boolean settled) {
        this.settled = settled;
    }

    /** A settled execution never changes again, so recovery leaves it alone. */
    public boolean isSettled() {
        return settled;
    }
}
