package io.mflow.platform.change;

import java.util.List;

/**
 * What an aggregate's domain decides when asked to change: a value, never an exception. The one result shape of
 * every aggregate of every service, so that one seam ({@code io.mflow.platform.aggregate.AggregateChanges}) can store
 * any of them. Plain Java: a service's {@code domain} package may use it.
 *
 * @param <A> the aggregate
 * @param <E> the events a move announces
 */
public sealed interface Change<A, E> {

    /** The aggregate moved to {@code next}; {@code events} are stored with it in the same write, then announced. */
    record Moved<A, E>(A next, List<E> events) implements Change<A, E> {
        public Moved {
            events = List.copyOf(events);
        }
    }

    /** Nothing to write and nothing to announce: it already is where the request would take it (a duplicate). */
    record Unchanged<A, E>() implements Change<A, E> {
    }

    /**
     * The request contradicts the aggregate's state; nothing is written.
     *
     * @param code   a short word a caller branches on when refusals differ in what they mean to it (for example
     *               {@code bad-token}); null when one kind of refusal is all there is
     * @param reason what to tell whoever asked
     */
    record Refused<A, E>(String code, String reason) implements Change<A, E> {
    }

    static <A, E> Change<A, E> moved(A next, List<E> events) {
        return new Moved<>(next, events);
    }

    static <A, E> Change<A, E> moved(A next) {
        return new Moved<>(next, List.of());
    }

    static <A, E> Change<A, E> unchanged() {
        return new Unchanged<>();
    }

    static <A, E> Change<A, E> refused(String reason) {
        return new Refused<>(null, reason);
    }

    static <A, E> Change<A, E> refused(String code, String reason) {
        return new Refused<>(code, reason);
    }
}
