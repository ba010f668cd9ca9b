package io.mflow.task.domain;

import java.time.Instant;
import java.util.Map;

/** A report of a job task's progress, from a runner, pipeline-service or a user's agent. */
public record StatusReport(String reportId, Stage stage, String message, Map<String, String> outputs, Instant at) {

    public StatusReport {
        outputs = outputs == null ? Map.of() : Map.copyOf(outputs);
    }
}
