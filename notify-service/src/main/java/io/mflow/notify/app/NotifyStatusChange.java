package io.mflow.notify.app;

import io.mflow.notify.domain.Delivery;
import io.mflow.notify.domain.DeliveryResult;
import io.mflow.notify.domain.JobTaskSubscriptions;
import io.mflow.notify.domain.StatusChange;
import io.mflow.notify.domain.Subscription;
import java.time.Clock;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job task changed stage: claim one delivery per matching subscription, then send each on the senders' executor,
 * so a slow receiver holds up neither the consumer nor the other receivers.
 */
public class NotifyStatusChange {

    private static final Logger LOG = LoggerFactory.getLogger(NotifyStatusChange.class);

    private final Subscriptions subscriptions;
    private final Deliveries deliveries;
    private final Channels channels;
    private final Executor senders;
    private final Clock clock;

    public NotifyStatusChange(Subscriptions subscriptions, Deliveries deliveries, Channels channels, Executor senders,
            Clock clock) {
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.channels = channels;
        this.senders = senders;
        this.clock = clock;
    }

    public void notify(StatusChange change) {
        subscriptions.of(change.jobTaskId()).ifPresent(jobTask -> {
            for (Delivery delivery : jobTask.deliveriesFor(change, clock.instant())) {
                if (deliveries.claim(delivery)) {
                    senders.execute(() -> send(delivery, jobTask, change));
                }
            }
        });
    }

    private void send(Delivery delivery, JobTaskSubscriptions jobTask, StatusChange change) {
        Subscription subscription = jobTask.subscription(delivery.subscriptionIndex());
        DeliveryResult result;
        try {
            result = channels.channelFor(subscription).send(subscription, change);
        } catch (RuntimeException e) {
            // a bug in a channel must still leave a recorded outcome, not a pending claim
            result = DeliveryResult.failed("the channel failed: " + e.getClass().getSimpleName(), 0);
        }
        try {
            deliveries.record(delivery.id(), result);
        } catch (RuntimeException e) {
            // the send happened; the claim stays pending rather than risk a second send
            LOG.warn("delivery {} was sent but its result could not be recorded", delivery.id(), e);
            return;
        }
        if (result.success()) {
            LOG.debug("delivery {} to {}: HTTP {}", delivery.id(), delivery.target(), result.httpStatus());
        } else {
            LOG.info("delivery {} to {} failed: {}", delivery.id(), delivery.target(), result.error());
        }
    }
}
