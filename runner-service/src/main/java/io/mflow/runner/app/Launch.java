package io.mflow.runner.app;

/**
 * A started job: its pid and the runner's locator of it (the work dir for the LOCAL runner, the Job for Kubernetes).
 * {@code pending}: the runner has it but it does not run yet (a Job whose pod has not started); {@link
 * Runner#running} says when it does.
 */
public record Launch(long pid, String where, boolean pending) {

    public Launch(long pid, String where) {
        this(pid, where, false);
    }
}
