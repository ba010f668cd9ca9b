package io.mflow.runner.domain;

import java.util.List;

/** The result of asking an execution to change: expected outcomes are values, not exceptions. */
public sealed interface Transition {

    /** The execution moved; {@code reports} go into its outbox in the same write. */
    record Moved(Execution next, List<Report> reports) implements Transition {
        public Moved {
            reports = List.copyOf(reports);
        }
    }

    /** Nothing to do: the execution already is where the request would take it, or is settled. */
    record Unchanged(Execution current) implements Transition {
    }

    /** The request contradicts the execution's state (e.g. a start after a cancel). */
    record Rejected(Execution current, String reason) implements Transition {
    }
}
