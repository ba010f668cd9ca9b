package io.mflow.task.domain;

/** The stage of a job task or a pipeline task (the reference's PENDDING is our PENDING). */
public enum Stage {
    PENDING(false, false),
    SCHEDULING(false, false),
    CREATING(false, false),
    ACTIVE(false, false),
    CANCELING(false, false),
    CANCELED(true, false),
    FAILED(true, false),
    SUCCEEDED(true, true),
    SKIPPED(true, true);

    private final boolean complete;
    private final boolean successful;

    Stage(boolean complete, boolean successful) {
        this.complete = complete;
        this.successful = successful;
    }

    /** A complete stage is final: nothing moves a task out of it. */
    public boolean isComplete() {
        return complete;
    }

    public boolean isSuccessful() {
        return successful;
    }
}
