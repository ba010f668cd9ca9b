package io.mflow.notify.app;

import java.time.Instant;

/**
 * What retention removes of the subscriptions: a run's (its pipeline task's and its job tasks', or a job's run on its
 * own), once the run ended long enough ago. A run is known by its own subscription: it carries when the run ended.
 */
public interface SubscriptionHistory {

    /** The run ended at {@code at}; a run that ends again after it resumed is noted again, with its new end. */
    void noteEnded(String runId, Instant at);

    /** The run is going again: it has no end until it ends again. */
    void noteResumed(String runId);

    /**
     * Removes the subscriptions of up to {@code limit} runs that ended before {@code cutoff}, oldest first: its job
     * tasks' first, the run's own last, so a crash in between leaves the run to the next sweep; how many runs it
     * removed. Idempotent: replicas sweeping at once remove each once.
     */
    int removeEndedBefore(Instant cutoff, int limit);
}
