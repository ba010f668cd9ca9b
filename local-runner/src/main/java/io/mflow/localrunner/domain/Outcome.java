package io.mflow.localrunner.domain;

import java.util.Collection;
import java.util.Map;

/**
 * How a job's process ended, as the stage and message its final report carries; {@code executionLost}: it vanished
 * without an exit code, so whether it did its work is unknown. {@code exitCode}: its process's, when it has one.
 */
public record Outcome(ReportStage stage, String message, Map<String, String> outputs, boolean executionLost,
                      Integer exitCode) {

    /** Enough of the log to see why a job failed without flooding the report; the full log stays in the work dir. */
    public static final int MAX_TAIL_CHARS = 1024;

    public Outcome {
        outputs = outputs == null ? Map.of() : Map.copyOf(outputs);
    }

    public Outcome(ReportStage stage, String message, Map<String, String> outputs) {
        this(stage, message, outputs, false, null);
    }

    /** A job that exits 0 but writes more outputs than are passed on fails, saying which limit it passed. */
    public static Outcome ofExit(int exitCode, String logTail, Map<String, String> outputs) {
        if (exitCode == 0) {
            return OutputFile.overLimit(outputs)
                    .map(reason -> new Outcome(ReportStage.FAILED, reason, Map.of(), false, exitCode))
                    .orElseGet(() -> new Outcome(ReportStage.SUCCEEDED, null, outputs, false, exitCode));
        }
        String message = "exit code " + exitCode;
        String tail = lastChars(logTail == null ? "" : logTail.strip(), MAX_TAIL_CHARS);
        return new Outcome(ReportStage.FAILED, tail.isEmpty() ? message : message + "\n" + tail, outputs, false,
                exitCode);
    }

    public static Outcome succeeded(Map<String, String> outputs) {
        return new Outcome(ReportStage.SUCCEEDED, null, outputs);
    }

    /** A dry run ran nothing and succeeds, saying so with what its command noted (null: nothing). */
    public static Outcome dryRun(String note) {
        return new Outcome(ReportStage.SUCCEEDED, note == null || note.isBlank() ? "dry run: nothing ran"
                : "dry run: nothing ran; " + note, Map.of());
    }

    public static Outcome failed(String message) {
        return new Outcome(ReportStage.FAILED, message, Map.of());
    }

    /** The process is gone and left no exit code: we cannot know whether it succeeded, so it did not. */
    public static Outcome lost() {
        return new Outcome(ReportStage.FAILED, "execution lost", Map.of(), true, null);
    }

    /**
     * The message with every secret replaced by {@code ******}: a job that echoes its password must not put it in
     * a report. Outputs are left alone, since later jobs use them as params.
     */
    public Outcome masking(Collection<String> secrets) {
        if (message == null) {
            return this;
        }
        return new Outcome(stage, Masking.masked(message, secrets), outputs, executionLost, exitCode);
    }

    private static String lastChars(String text, int max) {
        return text.length() <= max ? text : text.substring(text.length() - max);
    }
}
