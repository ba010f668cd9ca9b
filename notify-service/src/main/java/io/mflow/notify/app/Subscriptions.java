package io.mflow.notify.app;

import io.mflow.notify.domain.JobTaskSubscriptions;
import java.util.Optional;

public interface Subscriptions {

    /** Stores the first version seen; a redelivered plan never overwrites it. */
    void saveIfAbsent(JobTaskSubscriptions subscriptions);

    Optional<JobTaskSubscriptions> of(String jobTaskId);
}
