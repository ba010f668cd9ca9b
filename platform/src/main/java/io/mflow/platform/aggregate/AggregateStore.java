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
     * Stores {@code next} at {@code expectedVersion + 1} and appends {@code outbox} to its outbox, only if the stored
     * version still is {@code expectedVersion}; false when someone else wrote first.
     */
    boolean update(A next, long expectedVersion, List<OutboxEntry> outbox);
}
