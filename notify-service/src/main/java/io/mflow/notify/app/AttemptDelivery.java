package io.mflow.notify.app;

import io.mflow.notify.domain.Delivery;
import io.mflow.notify.domain.DeliveryPolicy;
import io.mflow.notify.domain.DeliveryResult;
import io.mflow.notify.domain.DeliveryState;
import io.mflow.notify.domain.Endpoint;
import io.mflow.notify.domain.Subscriber;
import io.mflow.notify.domain.Subscription;
import io.mflow.platform.outbox.OutboxEntry;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt of a leased delivery: send it through its channel, then either queue it again for its next attempt
 * or settle it (recorded and announced once, counted against its endpoint) and take it out of the queue.
 */
public class AttemptDelivery {

    private static final Logger log = LoggerFactory.getLogger(AttemptDelivery.class);
    private static final int WRITE_TRIES = 10;

    private final PendingDeliveries pending;
    private final SettledDeliveries settled;
    private final Endpoints endpoints;
    private final Subscribers subscribers;
    private final Channels channels;
    private final NotifyRecords records;
    private final DeliveryPolicy policy;
    private final Clock clock;

    public AttemptDelivery(PendingDeliveries pending, SettledDeliveries settled, Endpoints endpoints,
                           Subscribers subscribers, Channels channels, NotifyRecords records, DeliveryPolicy policy,
                           Clock clock) {
        this.pending = pending;
        this.settled = settled;
        this.endpoints = endpoints;
        this.subscribers = subscribers;
        this.channels = channels;
        this.records = records;
        this.policy = policy;
        this.clock = clock;
    }

    /** @param leased the delivery as this instance's lease stored it */
    public void attempt(Delivery leased) {
        if (settled.isSettled(leased.id())) {
            pending.remove(leased.id()); // settled before a crash took it out of the queue
            return;
        }
        Endpoint endpoint = endpoints.find(leased.endpointId())
                .orElse(Endpoint.first(leased.endpointId(), leased.target()));
        if (endpoint.disabled()) {
            settle(leased, leased.refused("endpoint disabled (" + endpoint.reason() + ")", clock.instant()), false);
            return;
        }
        Optional<Subscriber> subscriber = subscribers.of(leased.notice().ownerId());
        Subscription subscription = subscriber.map(s -> s.subscription(leased.subscriptionKey())).orElse(null);
        if (subscription == null) {
            settle(leased, leased.refused("its subscription is no longer known", clock.instant()), false);
            return;
        }
        DeliveryResult result;
        try {
            result = channels.channelFor(leased.channel()).send(leased, subscription, subscriber.get(),
                    policy.timeout());
        } catch (RuntimeException e) {
            // a bug in a channel must still leave a recorded outcome
            result = DeliveryResult.failed("the channel failed: " + e.getClass().getSimpleName(), 0);
        }
        Delivery next = leased.attempted(result, policy, clock.instant());
        if (next.state().isSettled()) {
            settle(leased, next, true);
        } else if (!pending.update(leased, next)) {
            log.info("delivery {} changed while it was sent; its lease decides the next attempt", leased.id());
        } else {
            log.info("delivery {} to {} failed ({}); attempt {} at {}", leased.id(), leased.target(),
                    result.error(), next.attempts() + 1, next.nextAttemptAt());
        }
    }

    private void settle(Delivery leased, Delivery end, boolean attempted) {
        settled.settle(end, records.delivered(end));
        pending.remove(leased.id());
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

    /** Compare-and-set, tried again when another delivery to the same endpoint wrote first. */
    private void countAgainstEndpoint(Delivery end) {
        for (int i = 0; i < WRITE_TRIES; i++) {
            Optional<Endpoint> stored = endpoints.find(end.endpointId());
            Endpoint current = stored.orElse(Endpoint.first(end.endpointId(), end.target()));
            Endpoint next = current.after(end.state(), end.lastResult().error(), clock.instant());
            if (next.equals(current)) {
                return;
            }
            boolean justDisabled = next.disabled() && !current.disabled();
            List<OutboxEntry> announced = justDisabled ? List.of(records.endpointChanged(next)) : List.of();
            if (endpoints.save(stored.orElse(null), next, announced)) {
                if (justDisabled) {
                    log.warn("endpoint {} ({}) disabled: {}", next.id(), next.target(), next.reason());
                }
                return;
            }
        }
        log.warn("the failures of endpoint {} could not be counted: too many concurrent writes", end.endpointId());
    }
}
