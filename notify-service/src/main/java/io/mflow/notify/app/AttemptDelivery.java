package io.mflow.notify.app;

import io.mflow.notify.domain.Delivery;
import io.mflow.notify.domain.DeliveryPolicy;
import io.mflow.notify.domain.DeliveryResult;
import io.mflow.notify.domain.DeliverySettled;
import io.mflow.notify.domain.DeliveryState;
import io.mflow.notify.domain.Endpoint;
import io.mflow.notify.domain.EndpointDisabled;
import io.mflow.notify.domain.EndpointEvent;
import io.mflow.notify.domain.Subscriber;
import io.mflow.notify.domain.Subscription;
import io.mflow.platform.aggregate.AggregateChanges;
import io.mflow.platform.aggregate.Changed;
import io.mflow.platform.aggregate.ConcurrentChangeException;
import io.mflow.platform.aggregate.Stored;
import io.mflow.platform.change.Change;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt of a leased delivery: send it through its channel, then either queue it again for its next attempt
 * or settle it (recorded and announced once, counted against its endpoint) and take it out of the queue.
 */
public class AttemptDelivery {

    private static final Logger log = LoggerFactory.getLogger(AttemptDelivery.class);

    private final PendingDeliveries pending;
    private final SettledDeliveries settled;
    private final AggregateChanges<Delivery, DeliverySettled> deliveries;
    private final AggregateChanges<Endpoint, EndpointEvent> endpoints;
    private final Subscribers subscribers;
    private final Channels channels;
    private final DeliveryPolicy policy;
    private final Clock clock;

    public AttemptDelivery(PendingDeliveries pending, SettledDeliveries settled,
                           AggregateChanges<Delivery, DeliverySettled> deliveries,
                           AggregateChanges<Endpoint, EndpointEvent> endpoints, Subscribers subscribers,
                           Channels channels, DeliveryPolicy policy, Clock clock) {
        this.pending = pending;
        this.settled = settled;
        this.deliveries = deliveries;
        this.endpoints = endpoints;
        this.subscribers = subscribers;
        this.channels = channels;
        this.policy = policy;
        this.clock = clock;
    }

    /** @param leased the delivery as this instance's lease stored it in the queue */
    public void attempt(Stored<Delivery> leased) {
        Delivery delivery = leased.aggregate();
        if (settled.isSettled(delivery.id())) {
            pending.remove(delivery.id()); // settled before a crash took it out of the queue
            return;
        }
        Endpoint endpoint = endpoints.read(delivery.endpointId()).map(Stored::aggregate)
                .orElse(Endpoint.first(delivery.endpointId(), delivery.target()));
        if (endpoint.disabled()) {
            settle(delivery.refused("endpoint disabled (" + endpoint.reason() + ")", clock.instant()), false);
            return;
        }
        Optional<Subscriber> subscriber = subscribers.of(delivery.notice().ownerId());
        Subscription subscription = subscriber.map(s -> s.subscription(delivery.subscriptionKey())).orElse(null);
        if (subscription == null) {
            settle(delivery.refused("its subscription is no longer known", clock.instant()), false);
            return;
        }
        if (delivery.channel().isCommitStatus()
                && (pending.hasLater(delivery) || settled.deliveredLater(delivery))) {
            // sent now, it would arrive after the later state and stay on the commit as its last word
            settle(delivery.superseded(clock.instant()), false);
            return;
        }
        DeliveryResult result;
        try {
            result = channels.channelFor(delivery.channel()).send(delivery, subscription, subscriber.get(),
                    policy.timeout());
        } catch (RuntimeException e) {
            // a bug in a channel must still leave a recorded outcome
            result = DeliveryResult.failed("the channel failed: " + e.getClass().getSimpleName(), 0);
        }
        Change.Moved<Delivery, DeliverySettled> attempted = delivery.attempted(result, policy, clock.instant());
        Delivery next = attempted.next();
        if (next.state().isSettled()) {
            settle(attempted, true);
        } else if (pending.update(leased, next).isEmpty()) {
            log.info("delivery {} changed while it was sent; its lease decides the next attempt", delivery.id());
        } else {
            log.info("delivery {} to {} failed ({}); attempt {} at {}", delivery.id(), delivery.target(),
                    result.error(), next.attempts() + 1, next.nextAttemptAt());
        }
    }

    private void settle(Change.Moved<Delivery, DeliverySettled> settling, boolean attempted) {
        Delivery end = settling.next();
        // false when it was settled before (a crash between this write and the queue's): the first record stands
        deliveries.create(end, settling.events());
        pending.remove(end.id());
        if (attempted) {
            countAgainstEndpoint(end);
        }
        if (end.state() == DeliveryState.DELIVERED) {
            log.debug("delivery {} to {} delivered", end.id(), end.target());
        } else {
            log.info("delivery {} to {} failed for good after {} attempt(s): {}", end.id(), end.target(),
                    end.attempts(), end.lastResult().error());
        }
    }

    private void countAgainstEndpoint(Delivery end) {
        try {
            endpoints.changeOrCreate(end.endpointId(), stored -> stored
                            .orElseGet(() -> Endpoint.first(end.endpointId(), end.target()))
                            .after(end.state(), end.lastResult().error(), clock.instant()))
                    .filter(changed -> changed.events().stream().anyMatch(EndpointDisabled.class::isInstance))
                    .map(Changed::aggregate)
                    .ifPresent(disabled -> log.warn("endpoint {} ({}) disabled: {}", disabled.id(), disabled.target(),
                            disabled.reason()));
        } catch (ConcurrentChangeException e) {
            // the delivery is settled and out of the queue either way: one uncounted result is all that is lost
            log.warn("the failures of endpoint {} could not be counted: {}", end.endpointId(), e.getMessage());
        }
    }
}
