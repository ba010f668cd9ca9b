package io.mflow.runner.app;

import java.time.Instant;
import java.util.List;

/** What retention removes of the executions: settled ones only, never one still claimed, running or awaited. */
public interface ExecutionHistory {

    /** An execution that settled before the cutoff, with its work dir (null: it had none, e.g. a Kubernetes Job). */
    record Settled(String attemptId, String workDir) {
    }

    /** Up to {@code limit} executions settled and last changed before {@code cutoff}, oldest first. */
    List<Settled> settledBefore(Instant cutoff, int limit);

    /** Removes the record while it is settled and its announcements are sent; false when it stays. */
    boolean remove(String attemptId);
}
