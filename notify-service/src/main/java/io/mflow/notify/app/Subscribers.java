package io.mflow.notify.app;

import io.mflow.notify.domain.Subscriber;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Who wants to hear of which task's changes, as the plans said. */
public interface Subscribers {

    /**
     * Stores what a plan says of each of its tasks, in one write. The first copy stays: a redelivered (or forged)
     * plan never overwrites one.
     *
     * @return the ids of the subscribers this call stored
     */
    Set<String> saveAllIfAbsent(List<Subscriber> plan);

    Optional<Subscriber> of(String ownerId);

    /**
     * Stores a subscriber as it stands now, replacing the copy before: a release approval brings its robots and people
     * with each change, in order, and the latest are the ones to tell.
     */
    void save(Subscriber subscriber);
}
