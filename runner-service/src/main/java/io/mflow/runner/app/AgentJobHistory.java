package io.mflow.runner.app;

import java.time.Instant;

/** What retention removes of the AGENT attempts' records: settled ones only, never one waiting, taken or running. */
public interface AgentJobHistory {

    /**
     * Removes up to {@code limit} records of AGENT attempts that settled before {@code cutoff}, oldest first, keeping
     * any whose execution has not settled (its runner learns the outcome from the record when it comes back); how
     * many it removed. Idempotent: replicas sweeping at once remove each once.
     */
    int removeSettledBefore(Instant cutoff, int limit);
}
