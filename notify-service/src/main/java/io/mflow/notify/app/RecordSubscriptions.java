package io.mflow.notify.app;

import io.mflow.notify.domain.JobTaskSubscriptions;
import java.util.List;

/** A pipeline run was planned: remember which job tasks want to hear about their changes. */
public class RecordSubscriptions {

    private final Subscriptions subscriptions;

    public RecordSubscriptions(Subscriptions subscriptions) {
        this.subscriptions = subscriptions;
    }

    public void record(List<JobTaskSubscriptions> plan) {
        for (JobTaskSubscriptions jobTask : plan) {
            if (jobTask.subscriptions().isEmpty()) {
                subscriptions.noneFor(jobTask.jobTaskId());
            } else {
                subscriptions.saveIfAbsent(jobTask);
            }
        }
    }
}
