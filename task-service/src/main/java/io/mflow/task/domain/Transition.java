package io.mflow.task.domain;

import java.util.List;

/** The outcome of asking a task to move to a stage: a value, never an exception. */
public sealed interface Transition<T, E> {

    record Moved<T, E>(T next, List<E> events) implements Transition<T, E> {
        public Moved {
            events = List.copyOf(events);
        }
    }

    /** Already in that stage: nothing to write, nothing to announce (a duplicate report is harmless). */
    record Unchanged<T, E>() implements Transition<T, E> {
    }

    record Rejected<T, E>(String reason) implements Transition<T, E> {
    }
}
