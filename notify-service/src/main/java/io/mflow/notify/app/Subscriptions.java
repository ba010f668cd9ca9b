package io.mflow.notify.app;

import io.mflow.notify.domain.JobTaskSubscriptions;
import java.util.Optional;

public interface Subscriptions {

    /** Stores the first version seen; a redelivered plan never overwrites it. */
    void saveIfAbsent(JobTaskSubscriptions subscriptions);

    /** A plan said that this job task subscribed to nothing; nothing needs storing for it. */
    default void noneFor(String jobTaskId) {
    }

    Optional<JobTaskSubscriptions> of(String jobTaskId);
}
