package io.mflow.notify.app;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.mflow.notify.domain.JobTaskSubscriptions;
import java.util.List;
import java.util.Optional;

/**
 * The subscriptions of the job tasks whose plans this instance read lately, so that a change of a job task nobody
 * subscribed to (most of them) costs no read. A plan never changes, and it comes on the same partition before the
 * changes of its job tasks, so what it said holds; a job task not known here is looked up in the store.
 */
public final class KnownPlans implements Subscriptions {

    private static final JobTaskSubscriptions NONE = new JobTaskSubscriptions("", "", List.of());

    private final Subscriptions store;
    private final Cache<String, JobTaskSubscriptions> known;

    public KnownPlans(Subscriptions store, long capacity) {
        this.store = store;
        this.known = Caffeine.newBuilder().maximumSize(capacity).build();
    }

    @Override
    public void saveIfAbsent(JobTaskSubscriptions subscriptions) {
        store.saveIfAbsent(subscriptions);
        known.put(subscriptions.jobTaskId(), subscriptions);
    }

    @Override
    public void noneFor(String jobTaskId) {
        known.put(jobTaskId, NONE);
    }

    @Override
    public Optional<JobTaskSubscriptions> of(String jobTaskId) {
        JobTaskSubscriptions subscriptions = known.getIfPresent(jobTaskId);
        if (subscriptions == NONE) {
            return Optional.empty();
        }
        return subscriptions != null ? Optional.of(subscriptions) : store.of(jobTaskId);
    }
}
