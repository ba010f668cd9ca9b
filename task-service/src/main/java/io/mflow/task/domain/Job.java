package io.mflow.task.domain;

import java.time.Instant;
import java.util.List;

/** A job: what to run (a LOCAL shell script for now) and the params it declares with their defaults. */
public record Job(String id, String name, String runnerType, String runnerSpec, List<RunParam> params,
                  Instant createdAt) {

    public Job {
        params = List.copyOf(params);
    }
}
