package io.mflow.runner.domain;

import io.mflow.localrunner.domain.Outcome;
import io.mflow.localrunner.domain.ReportStage;
import java.time.Instant;
import java.util.Map;

/**
 * A progress report an execution's move announces; its record waits in the execution's outbox until it is sent. Its
 * id is derived from the attempt and the stage, so a report sent again after a crash is recognised as the same report
 * by its consumer. {@code exitCode}: with a final
 * stage, the process's, when it has one. {@code awaitingReport}: with ACTIVE, a manualStatus job's process ended and
 * its final stage is left to an outside report.
 */
public record Report(String reportId, ReportStage stage, String message, Map<String, String> outputs, Instant reportedAt,
                     boolean lost, Integer exitCode, boolean awaitingReport) {

    /** What the second ACTIVE of a manualStatus attempt adds to its id, so it is not taken for the first one. */
    public static final String AWAITING_SUFFIX = ":awaiting";

    public Report {
        outputs = outputs == null ? Map.of() : Map.copyOf(outputs);
    }

    public Report(String reportId, ReportStage stage, String message, Map<String, String> outputs, Instant reportedAt,
                  boolean lost, Integer exitCode) {
        this(reportId, stage, message, outputs, reportedAt, lost, exitCode, false);
    }

    public static Report of(String attemptId, ReportStage stage, String message, Map<String, String> outputs, Instant at) {
        return new Report(attemptId + ":" + stage, stage, message, outputs, at, false, null);
    }

    /** The final report of an attempt: FAILED and lost when its process vanished without an exit code. */
    public static Report of(String attemptId, Outcome outcome, Instant at) {
        return new Report(attemptId + ":" + outcome.stage(), outcome.stage(), outcome.message(), outcome.outputs(), at,
                outcome.executionLost(), outcome.exitCode());
    }

    /**
     * A manualStatus job's process exited 0: ACTIVE once more, with its outputs, under the id
     * {@code <attempt id>:ACTIVE:awaiting} (the first ACTIVE already has {@code <attempt id>:ACTIVE}).
     */
    public static Report awaiting(String attemptId, String message, Outcome outcome, Instant at) {
        return new Report(attemptId + ":" + ReportStage.ACTIVE + AWAITING_SUFFIX, ReportStage.ACTIVE, message,
                outcome.outputs(), at, false, null, true);
    }
}
