package io.mflow.pipeline.app;

import java.time.Instant;

/** What retention removes of pipeline-service's runs: concluded ones whose announcements are all sent. */
public interface RunHistory {

    /**
     * Removes up to {@code limit} runs that concluded before {@code cutoff}, oldest first; how many. A run that resumed
     * (a failed task retried) has no conclusion and stays. Idempotent, so replicas may sweep at once.
     */
    int removeConcludedBefore(Instant cutoff, int limit);
}
