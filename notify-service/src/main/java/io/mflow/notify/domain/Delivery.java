package io.mflow.notify.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * One notice to one subscription, tried until it is DELIVERED or FAILED for good. Its id is derived from the event
 * and the subscription, so a redelivered event finds the delivery it created before: it is recorded once, and sent
 * at least once (a crash after a send and before its result was stored sends it again, with the same id, which
 * receivers of signed webhooks use to drop the copy). {@code leaseUntil}: an instance is sending it until then; after
 * that anyone may. {@code version} guards every write.
 */
public record Delivery(String id, Notice notice, String subscriptionKey, String endpointId, String target,
                       ChannelType channel, DeliveryState state, int attempts, Instant createdAt,
                       Instant nextAttemptAt, Instant leaseUntil, DeliveryResult lastResult, Instant finishedAt,
                       long version) {

    public static String idOf(String eventId, String subscriptionKey) {
        return eventId + "#" + subscriptionKey;
    }

    /** A new delivery, due at once. */
    public static Delivery of(Notice notice, Subscription subscription, Instant now) {
        return new Delivery(idOf(notice.eventId(), subscription.key()), notice, subscription.key(),
                subscription.endpointId(), subscription.target(), subscription.channel(), DeliveryState.PENDING, 0,
                now, now, null, null, null, 0);
    }

    public boolean isDueAt(Instant now) {
        return state == DeliveryState.PENDING && !nextAttemptAt.isAfter(now)
                && (leaseUntil == null || !leaseUntil.isAfter(now));
    }

    /** Taken by one sender for at most {@code lease}: long enough for one attempt and the write of its result. */
    public Delivery leased(Instant now, Duration lease) {
        return new Delivery(id, notice, subscriptionKey, endpointId, target, channel, state, attempts, createdAt,
                nextAttemptAt, now.plus(lease), lastResult, finishedAt, version);
    }

    /** An attempt ended: delivered, due again after the policy's back-off, or FAILED once it is spent or pointless. */
    public Delivery attempted(DeliveryResult result, DeliveryPolicy policy, Instant now) {
        int tried = result.isRefusal() ? attempts : attempts + 1;
        if (result.success()) {
            return settled(DeliveryState.DELIVERED, tried, result, now);
        }
        if (result.retryable() && tried < policy.maxAttempts()) {
            return new Delivery(id, notice, subscriptionKey, endpointId, target, channel, DeliveryState.PENDING, tried,
                    createdAt, now.plus(policy.backoffAfter(tried)), null, result, null, version);
        }
        return settled(DeliveryState.FAILED, tried, result, now);
    }

    /** Ended FAILED without a send: its address is refused or its endpoint disabled. */
    public Delivery refused(String reason, Instant now) {
        return settled(DeliveryState.FAILED, attempts, DeliveryResult.refused(reason), now);
    }

    private Delivery settled(DeliveryState end, int tried, DeliveryResult result, Instant now) {
        return new Delivery(id, notice, subscriptionKey, endpointId, target, channel, end, tried, createdAt,
                nextAttemptAt, null, result, now, version);
    }

    public Delivery atVersion(long storedVersion) {
        return new Delivery(id, notice, subscriptionKey, endpointId, target, channel, state, attempts, createdAt,
                nextAttemptAt, leaseUntil, lastResult, finishedAt, storedVersion);
    }
}
