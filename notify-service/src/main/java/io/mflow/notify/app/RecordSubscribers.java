package io.mflow.notify.app;

import io.mflow.notify.domain.Subscriber;
import java.util.List;

/** A run was planned: remember who wants to hear of its tasks' changes, and who does not. */
public class RecordSubscribers {

    private final Subscribers subscribers;

    public RecordSubscribers(Subscribers subscribers) {
        this.subscribers = subscribers;
    }

    public void record(List<Subscriber> plan) {
        subscribers.saveAllIfAbsent(plan);
    }
}
