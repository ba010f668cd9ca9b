package io.mflow.platform.aggregate;

import io.mflow.platform.change.Change;
import java.util.List;
import java.util.Optional;

/**
 * What became of a change: the aggregate as it stands after it (the stored one when nothing moved), what its domain
 * decided, and whether the change created it (a move from nothing, through {@code changeOrCreate}).
 */
public record Changed<A, E>(Stored<A> stored, Change<A, E> change, boolean created) {

    public A aggregate() {
        return stored.aggregate();
    }

    public long version() {
        return stored.version();
    }

    public boolean moved() {
        return change instanceof Change.Moved;
    }

    public Optional<Change.Refused<A, E>> refusal() {
        return change instanceof Change.Refused<A, E> refused ? Optional.of(refused) : Optional.empty();
    }

    /** The events the change stored and handed to the relay; none unless it moved. */
    public List<E> events() {
        return change instanceof Change.Moved<A, E> moved ? moved.events() : List.of();
    }
}
