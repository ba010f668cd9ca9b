package io.mflow.notify.app;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.mflow.notify.domain.Subscriber;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The subscriptions of the job tasks whose plans this instance stored lately, so that a change of a job task (most
 * of them subscribe to nothing) costs no read: a plan comes on the same partition before its job tasks' changes. Only
 * a first copy is remembered; for a job task whose plan someone stored before, the stored copy is read.
 */
public final class KnownPlans implements Subscribers {

    private final Subscribers store;
    private final Cache<String, Subscriber> known;

    public KnownPlans(Subscribers store, long capacity) {
        this.store = store;
        this.known = Caffeine.newBuilder().maximumSize(capacity).build();
    }

    @Override
    public Set<String> saveAllIfAbsent(List<Subscriber> plan) {
        Set<String> stored = store.saveAllIfAbsent(plan);
        for (Subscriber jobTask : plan) {
            if (stored.contains(jobTask.ownerId())) {
                known.put(jobTask.ownerId(), jobTask);
            } else {
                known.invalidate(jobTask.ownerId());
            }
        }
        return stored;
    }

    @Override
    public void save(Subscriber subscriber) {
        store.save(subscriber);
        known.put(subscriber.ownerId(), subscriber);
    }

    @Override
    public Optional<Subscriber> of(String ownerId) {
        Subscriber remembered = known.getIfPresent(ownerId);
        return remembered != null ? Optional.of(remembered) : store.of(ownerId);
    }
}
