package io.mflow.task.domain;

import java.time.Instant;
import java.util.Map;

/**
 * A report of a job task's progress, from a runner, pipeline-service or a user's agent. {@code attempt}: the attempt
 * it is about (1, 2, ...), or 0 for the task's current one. {@code lost}: with FAILED, the runner lost the execution.
 * {@code exitCode}: with a final stage, the job's process's, when it has one; {@code runner}: which runner runs the
 * attempt, when it says. {@code detail} (long text, e.g. a rollout's description; null: keep the task's) and
 * {@code extension} (string pairs laid over the task's) are what the reference's status callback carries beside the
 * message. {@code awaitingReport}: with ACTIVE, from the runner of a manualStatus job whose process ended: its
 * outputs are kept and the final stage is left to an outside report.
 */
public record StatusReport(String reportId, Status stage, String message, Map<String, String> outputs, Instant at,
                           int attempt, boolean lost, Integer exitCode, String runner, String detail,
                           Map<String, String> extension, boolean awaitingReport) {

    public StatusReport {
        outputs = outputs == null ? Map.of() : Map.copyOf(outputs);
        extension = extension == null ? Map.of() : Map.copyOf(extension);
    }

    public StatusReport(String reportId, Status stage, String message, Map<String, String> outputs, Instant at,
                        int attempt, boolean lost, Integer exitCode, String runner) {
        this(reportId, stage, message, outputs, at, attempt, lost, exitCode, runner, null, Map.of(), false);
    }

    /** A report about the task's current attempt. */
    public StatusReport(String reportId, Status stage, String message, Map<String, String> outputs, Instant at) {
        this(reportId, stage, message, outputs, at, 0, false, null, null);
    }

    public StatusReport(String reportId, Status stage, String message, Map<String, String> outputs, Instant at,
                        int attempt) {
        this(reportId, stage, message, outputs, at, attempt, false, null, null);
    }

    public StatusReport(String reportId, Status stage, String message, Map<String, String> outputs, Instant at,
                        int attempt, boolean lost) {
        this(reportId, stage, message, outputs, at, attempt, lost, null, null);
    }
}
