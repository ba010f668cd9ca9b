package io.mflow.notify.app;

import io.mflow.notify.domain.JobTaskSubscriptions;
import java.util.List;

/** A pipeline run was planned: remember which job tasks want to hear about their changes, and which do not. */
public class RecordSubscriptions {

    private final Subscriptions subscriptions;

    public RecordSubscriptions(Subscriptions subscriptions) {
        this.subscriptions = subscriptions;
    }

    public void record(List<JobTaskSubscriptions> plan) {
        subscriptions.saveAllIfAbsent(plan);
    }
}
