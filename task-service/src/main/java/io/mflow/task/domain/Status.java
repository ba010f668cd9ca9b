package io.mflow.task.domain;

import java.util.Locale;

/** The stage of a job task or a pipeline task (the reference's PENDDING is our PENDING). */
public enum Status {
    PENDING(false, false),
    SCHEDULING(false, false),
    CREATING(false, false),
    ACTIVE(false, false),
    CANCELING(false, false),
    CANCELED(true, false),
    FAILED(true, false),
    SUCCEEDED(true, true),
    SKIPPED(true, true),
    /** A pipeline task waiting in its pipeline's lane for the run ahead of it to end ({@link Lane}); never a job task's. */
    QUEUED(false, false);

    private final boolean complete;
    private final boolean successful;

    Status(boolean complete, boolean successful) {
        this.complete = complete;
        this.successful = successful;
    }

    /**
     * A complete stage ends an attempt: no report moves a task out of it, only a person's retry or skip (see
     * {@link JobTaskTransitions}) or a failed run's resume ({@link PipelineTaskTransitions}).
     */
    public boolean isComplete() {
        return complete;
    }

    public boolean isSuccessful() {
        return successful;
    }

    /** The reference's spelling of PENDING, which its callers and scripts send. */
    public static final String REFERENCE_PENDING = "PENDDING";

    /** The stage a caller names, in any case, the reference's {@code PENDDING} included; null when it names none. */
    public static Status named(String text) {
        if (text == null) {
            return null;
        }
        String name = text.trim().toUpperCase(Locale.ROOT);
        if (name.equals(REFERENCE_PENDING)) {
            return PENDING;
        }
        for (Status status : values()) {
            if (status.name().equals(name)) {
                return status;
            }
        }
        return null;
    }
}
