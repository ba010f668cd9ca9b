package io.mflow.task.app;

import io.mflow.platform.aggregate.Changed;
import io.mflow.platform.change.Change;
import java.util.function.Function;

/** What became of a status report: applied, harmless (a duplicate or the same stage), or refused with a reason. */
public sealed interface ReportOutcome<T> {

    enum Refusal { UNKNOWN_TASK, BAD_TOKEN, NOT_ALLOWED }

    record Applied<T>(T task) implements ReportOutcome<T> {
    }

    record Ignored<T>(T task) implements ReportOutcome<T> {
    }

    record Refused<T>(Refusal refusal, String reason) implements ReportOutcome<T> {
    }

    /** @param refusalOf what a refusal's code means to the reporter */
    static <T> ReportOutcome<T> of(Changed<T, ?> changed, Function<String, Refusal> refusalOf) {
        if (changed.moved()) {
            return new Applied<>(changed.aggregate());
        }
        if (changed.change() instanceof Change.Refused<T, ?> refused) {
            return new Refused<>(refusalOf.apply(refused.code()), refused.reason());
        }
        return new Ignored<>(changed.aggregate());
    }
}
