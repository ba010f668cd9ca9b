package io.mflow.notify.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The webhooks one job task subscribed to, in plan order: a subscription is known by its index. */
public record JobTaskSubscriptions(String jobTaskId, String pipelineTaskId, List<Subscription> subscriptions) {

    public JobTaskSubscriptions {
        subscriptions = List.copyOf(subscriptions);
    }

    /** One pending delivery for each subscription whose events match the change's new stage. */
    public List<Delivery> deliveriesFor(StatusChange change, Instant now) {
        List<Delivery> deliveries = new ArrayList<>();
        for (int index = 0; index < subscriptions.size(); index++) {
            Subscription subscription = subscriptions.get(index);
            if (subscription.matches(change.stage())) {
                deliveries.add(Delivery.claim(change, index, subscription, now));
            }
        }
        return deliveries;
    }

    public Subscription subscription(int index) {
        return subscriptions.get(index);
    }
}
