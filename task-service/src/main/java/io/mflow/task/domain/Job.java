package io.mflow.task.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A job: what to run (a LOCAL shell script for now) and the params it declares with their defaults.
 *
 * @param createdBy the user who defined it; null for a job defined before mflow knew its callers
 * @param timeout   how long an attempt may run before its runner stops it; null: no limit
 */
public record Job(String id, String name, String runnerType, String runnerSpec, List<RunParam> params,
                  Instant createdAt, String createdBy, Duration timeout) {

    public Job {
        params = List.copyOf(params);
    }
}
