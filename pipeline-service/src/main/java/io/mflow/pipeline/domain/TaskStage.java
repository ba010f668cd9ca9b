package io.mflow.pipeline.domain;

/** The stage of a job task (and the conclusion of a pipeline run), as task-service reports it. */
public enum TaskStage {
    PENDING(false),
    SCHEDULING(false),
    CREATING(false),
    ACTIVE(false),
    CANCELING(false),
    CANCELED(true),
    FAILED(true),
    SUCCEEDED(true),
    SKIPPED(true);

    private final boolean terminal;

    TaskStage(boolean terminal) {
        this.terminal = terminal;
    }

    public boolean isTerminal() {
        return terminal;
    }
}
