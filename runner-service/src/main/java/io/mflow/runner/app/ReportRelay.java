package io.mflow.runner.app;

import io.mflow.runner.domain.Transition;

/** Sends what the outboxes hold. */
public interface ReportRelay {

    /** The version before the write that created an execution. */
    long CREATED = -1;

    /**
     * Called right after a write that stored {@code moved} (its reports in the outbox), so they leave at once.
     *
     * @param versionBefore the version the write replaced, or {@link #CREATED}
     */
    void stored(long versionBefore, Transition.Moved moved);
}
