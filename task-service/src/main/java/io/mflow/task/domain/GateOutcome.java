package io.mflow.task.domain;

/** The outcome of a person's decision at a gate: a value, never an exception. */
public sealed interface GateOutcome<T> {

    /** Why a decision is not taken; the REST adapter answers 403, 400 and 409 for them. */
    enum Refusal { FORBIDDEN, INVALID, CONFLICT }

    record Decided<T>(T next) implements GateOutcome<T> {
    }

    record Refused<T>(Refusal refusal, String reason) implements GateOutcome<T> {
    }
}
