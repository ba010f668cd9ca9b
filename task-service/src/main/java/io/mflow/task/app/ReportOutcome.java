package io.mflow.task.app;

/** What became of a status report: applied, harmless (a duplicate or the same stage), or refused with a reason. */
public sealed interface ReportOutcome<T> {

    enum Refusal { UNKNOWN_TASK, BAD_TOKEN, NOT_ALLOWED }

    record Applied<T>(T task) implements ReportOutcome<T> {
    }

    record Ignored<T>(T task) implements ReportOutcome<T> {
    }

    record Refused<T>(Refusal refusal, String reason) implements ReportOutcome<T> {
    }
}
