package io.mflow.notify.app;

import io.mflow.notify.domain.Delivery;
import io.mflow.platform.aggregate.Stored;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The deliveries still to be tried, each with its next attempt's time: a small queue, since a delivery leaves it
 * once it is settled (see {@link SettledDeliveries}).
 *
 * <p>Not written through {@code AggregateChanges}, on purpose: its writes are a sender's lease and the result of that
 * sender's attempt, each a compare-and-set that is never decided again. Losing it means another sender has the
 * delivery, and that sender decides what comes next; the seam would read again and decide again. The queue
 * announces nothing either, so there is no outbox to store and no relay to tell.
 */
public interface PendingDeliveries {

    /** Inserts a new delivery; false when one with its id is queued already (a redelivered event). */
    boolean add(Delivery delivery);

    /** Up to {@code limit} deliveries due at {@code now} and leased by nobody, the most overdue first. */
    List<Stored<Delivery>> due(Instant now, int limit);

    /**
     * Writes {@code next} only if {@code current}'s version is still the one stored (compare-and-set).
     *
     * @return {@code next} as stored, or empty when another sender wrote first
     */
    Optional<Stored<Delivery>> update(Stored<Delivery> current, Delivery next);

    void remove(String deliveryId);

    /** Whether a delivery of a later notice to the same subscription of the same task is queued. */
    boolean hasLater(Delivery delivery);
}
