package io.mflow.pipeline.domain;

/**
 * The status of a job task (and the conclusion of a pipeline run), as task-service reports it: the {@code stage} of the
 * contract's job task events, called a status here because a pipeline's stages are something else.
 */
public enum TaskStatus {
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

    TaskStatus(boolean terminal) {
        this.terminal = terminal;
    }

    public boolean isTerminal() {
        return terminal;
    }
}
