package io.mflow.notify.app;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.mflow.notify.domain.JobTaskSubscriptions;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The subscriptions of the job tasks whose plans this instance stored lately, so that a change of a job task (most
 * of them subscribe to nothing) costs no read: a plan comes on the same partition before its job tasks' changes. Only
 * a first copy is remembered; for a job task whose plan someone stored before, the stored copy is read.
 */
public final class KnownPlans implements Subscriptions {

    private final Subscriptions store;
    private final Cache<String, JobTaskSubscriptions> known;

    public KnownPlans(Subscriptions store, long capacity) {
        this.store = store;
        this.known = Caffeine.newBuilder().maximumSize(capacity).build();
    }

    @Override
    public Set<String> saveAllIfAbsent(List<JobTaskSubscriptions> plan) {
        Set<String> stored = store.saveAllIfAbsent(plan);
        for (JobTaskSubscriptions jobTask : plan) {
            if (stored.contains(jobTask.jobTaskId())) {
                known.put(jobTask.jobTaskId(), jobTask);
            } else {
                known.invalidate(jobTask.jobTaskId());
            }
        }
        return stored;
    }

    @Override
    public Optional<JobTaskSubscriptions> of(String jobTaskId) {
        JobTaskSubscriptions remembered = known.getIfPresent(jobTaskId);
        return remembered != null ? Optional.of(remembered) : store.of(jobTaskId);
    }
}
