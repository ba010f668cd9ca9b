package io.mflow.platform.aggregate;

import io.mflow.platform.outbox.OutboxEntry;
import java.util.List;
import java.util.Optional;

/**
 * Where a service keeps one kind of aggregate: the one store it writes for {@link AggregateChanges}. Each write is a
 * single guarded write of the aggregate together with the outbox records its change announces, so that a state
 * change and its events are stored together or not at all (the store has no transactions).
 */
public interface AggregateStore<A> {

    Optional<Stored<A>> read(String id);

    /** Stores a new aggregate at {@link Stored#FIRST_VERSION}; false when one with its id exists already. */
    boolean insert(A aggregate, List<OutboxEntry> outbox);

    /**
     * Stores new aggregates that announce nothing, at {@link Stored#FIRST_VERSION}, in as few writes as the store
     * can (a run's job tasks are created together). Throws when one exists already: their ids are fresh, so that is a
     * fault, not a race.
     */
    default void insertAll(List<A> aggregates) {
        for (A aggregate : aggregates) {
            if (!insert(aggregate, List.of())) {
                throw new IllegalStateException("an aggregate with a fresh id exists already: " + aggregate);
            }
        }
    }

    /**
     * Stores {@code next} at {@code expectedVersion + 1} and appends {@code outbox} to its outbox, only if the stored
     * version still is {@code expectedVersion}; false when someone else wrote first.
     */
    boolean update(A next, long expectedVersion, List<OutboxEntry> outbox);
}
