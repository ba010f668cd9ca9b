package io.mflow.task.domain;

import java.time.Instant;
import java.util.List;

/**
 * A job: what to run (a LOCAL shell script for now) and the params it declares with their defaults.
 *
 * @param createdBy the user who defined it; null for a job defined before mflow knew its callers
 */
public record Job(String id, String name, String runnerType, String runnerSpec, List<RunParam> params,
                  Instant createdAt, String createdBy) {

    public Job {
        params = List.copyOf(params);
    }
}
