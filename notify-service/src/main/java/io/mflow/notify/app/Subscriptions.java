package io.mflow.notify.app;

import io.mflow.notify.domain.JobTaskSubscriptions;
import java.util.List;
import java.util.Optional;
import java.util.Set;

public interface Subscriptions {

    /**
     * Stores what a plan says of each of its job tasks, subscriptions or none, in one write. The first copy stays: a
     * redelivered (or forged) plan never overwrites one.
     *
     * @return the ids of the job tasks whose copy this call stored
     */
    Set<String> saveAllIfAbsent(List<JobTaskSubscriptions> plan);

    Optional<JobTaskSubscriptions> of(String jobTaskId);
}
