package io.mflow.runner.domain;

import java.time.Instant;
import java.util.Map;

/**
 * A progress report waiting in an execution's outbox. Its id is derived from the attempt and the stage, so a
 * report sent again after a crash is recognised as the same report by its consumer. {@code exitCode}: with a final
 * stage, the process's, when it has one.
 */
public record Report(String reportId, ReportStage stage, String message, Map<String, String> outputs, Instant reportedAt,
                     boolean lost, Integer exitCode) {

    public Report {
        outputs = outputs == null ? Map.of() : Map.copyOf(outputs);
    }

    public static Report of(String attemptId, ReportStage stage, String message, Map<String, String> outputs, Instant at) {
        return new Report(attemptId + ":" + stage, stage, message, outputs, at, false, null);
    }

    /** The final report of an attempt: FAILED and lost when its process vanished without an exit code. */
    public static Report of(String attemptId, Outcome outcome, Instant at) {
        return new Report(attemptId + ":" + outcome.stage(), outcome.stage(), outcome.message(), outcome.outputs(), at,
                outcome.executionLost(), outcome.exitCode());
    }
}
