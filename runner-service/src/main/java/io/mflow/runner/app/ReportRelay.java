package io.mflow.runner.app;

/** Sends what the outboxes hold. */
public interface ReportRelay {

    /** Called right after a write that pushed reports, so they leave without waiting for the sweep. */
    void wake(String attemptId);
}
