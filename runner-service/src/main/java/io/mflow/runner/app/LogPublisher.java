package io.mflow.runner.app;

import io.mflow.runner.domain.Attempt;
import java.time.Instant;

/** Where a job's output goes, as whole masked lines. */
public interface LogPublisher {

    /**
     * Publishes one chunk and returns once it is acknowledged; throws when it was not, and the same chunk is
     * published again later.
     */
    void publish(Attempt attempt, long firstLine, String text, boolean last, Instant at);
}
