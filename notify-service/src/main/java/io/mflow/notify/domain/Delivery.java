package io.mflow.notify.domain;

import io.mflow.platform.change.Change;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One notice to one subscription, tried until it is DELIVERED or FAILED for good. Its id is derived from the event
 * and the subscription, so a redelivered event finds the delivery it created before: it is recorded once, and sent
 * at least once (a crash after a send and before its result was stored sends it again, with the same id, which
 * receivers of signed webhooks use to drop the copy). {@code leaseUntil}: an instance is sending it until then; after
 * that anyone may.
 */
public record Delivery(String id, Notice notice, String subscriptionKey, String endpointId, String target,
                       ChannelType channel, DeliveryState state, int attempts, Instant createdAt,
                       Instant nextAttemptAt, Instant leaseUntil, DeliveryResult lastResult, Instant finishedAt) {

    /** Why a commit status was not sent: see {@link #superseded}. */
    public static final String SUPERSEDED = "superseded: a later state of its run is told instead";

    public static String idOf(String eventId, String subscriptionKey) {
        return eventId + "#" + subscriptionKey;
    }

    /** A new delivery, due at once. */
    public static Delivery of(Notice notice, Subscription subscription, Instant now) {
        return new Delivery(idOf(notice.eventId(), subscription.key()), notice, subscription.key(),
                subscription.endpointId(), subscription.target(), subscription.channel(), DeliveryState.PENDING, 0,
                now, now, null, null, null);
    }

    public boolean isDueAt(Instant now) {
        return state == DeliveryState.PENDING && !nextAttemptAt.isAfter(now)
                && (leaseUntil == null || !leaseUntil.isAfter(now));
    }

    /**
     * Taken by one sender for at most {@code lease}: long enough for one attempt and the write of its result. A
     * plain value, not a {@link Change}: the queue stores it with a compare-and-set that is never decided again.
     */
    public Delivery leased(Instant now, Duration lease) {
        return new Delivery(id, notice, subscriptionKey, endpointId, target, channel, state, attempts, createdAt,
                nextAttemptAt, now.plus(lease), lastResult, finishedAt);
    }

    /**
     * An attempt ended: due again after the policy's back-off (no event: it stays in the queue), or settled,
     * DELIVERED or FAILED once the attempts are spent or another is pointless, which is announced. Always a move.
     */
    public Change.Moved<Delivery, DeliverySettled> attempted(DeliveryResult result, DeliveryPolicy policy,
                                                             Instant now) {
        int tried = result.isRefusal() ? attempts : attempts + 1;
        if (result.success()) {
            return settled(DeliveryState.DELIVERED, tried, result, now);
        }
        if (result.retryable() && tried < policy.maxAttempts()) {
            return new Change.Moved<>(new Delivery(id, notice, subscriptionKey, endpointId, target, channel,
                    DeliveryState.PENDING, tried, createdAt, now.plus(policy.backoffAfter(tried)), null, result, null),
                    List.of());
        }
        return settled(DeliveryState.FAILED, tried, result, now);
    }

    /** Settled FAILED without a send, which is announced: its address is refused or its endpoint disabled. */
    public Change.Moved<Delivery, DeliverySettled> refused(String reason, Instant now) {
        return settled(DeliveryState.FAILED, attempts, DeliveryResult.refused(reason), now);
    }

    /**
     * Settled FAILED without a send, which is announced: a later state of the same thing was told, or is queued to
     * be, and this older one would overwrite it (a git provider keeps only the last status it was sent).
     */
    public Change.Moved<Delivery, DeliverySettled> superseded(Instant now) {
        return settled(DeliveryState.FAILED, attempts, DeliveryResult.refused(SUPERSEDED), now);
    }

    private Change.Moved<Delivery, DeliverySettled> settled(DeliveryState end, int tried, DeliveryResult result,
                                                            Instant now) {
        // An approval's delivery is recorded, not announced: the announcement tells task-service of a task's.
        return new Change.Moved<>(new Delivery(id, notice, subscriptionKey, endpointId, target, channel, end, tried,
                createdAt, nextAttemptAt, null, result, now),
                notice.isApproval() ? List.of() : List.of(new DeliverySettled(id, end)));
    }
}
