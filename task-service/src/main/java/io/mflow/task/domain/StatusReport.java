package io.mflow.task.domain;

import java.time.Instant;
import java.util.Map;

/**
 * A report of a job task's progress, from a runner, pipeline-service or a user's agent. {@code attempt}: the attempt
 * it is about (1, 2, ...), or 0 for the task's current one. {@code lost}: with FAILED, the runner lost the execution.
 * {@code exitCode}: with a final stage, the job's process's, when it has one; {@code runner}: which runner runs the
 * attempt, when it says.
 */
public record StatusReport(String reportId, Stage stage, String message, Map<String, String> outputs, Instant at,
                           int attempt, boolean lost, Integer exitCode, String runner) {

    public StatusReport {
        outputs = outputs == null ? Map.of() : Map.copyOf(outputs);
    }

    /** A report about the task's current attempt. */
    public StatusReport(String reportId, Stage stage, String message, Map<String, String> outputs, Instant at) {
        this(reportId, stage, message, outputs, at, 0, false, null, null);
    }

    public StatusReport(String reportId, Stage stage, String message, Map<String, String> outputs, Instant at,
                        int attempt) {
        this(reportId, stage, message, outputs, at, attempt, false, null, null);
    }

    public StatusReport(String reportId, Stage stage, String message, Map<String, String> outputs, Instant at,
                        int attempt, boolean lost) {
        this(reportId, stage, message, outputs, at, attempt, lost, null, null);
    }
}
