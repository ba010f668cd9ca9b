package io.mflow.notify.app;

import io.mflow.notify.domain.Delivery;
import java.time.Instant;
import java.util.List;

/**
 * The deliveries still to be tried, each with its next attempt's time: a small queue, since a delivery leaves it
 * once it is settled (see {@link SettledDeliveries}).
 */
public interface PendingDeliveries {

    /** Inserts a new delivery; false when one with its id is queued already (a redelivered event). */
    boolean add(Delivery delivery);

    /** Up to {@code limit} deliveries due at {@code now} and leased by nobody, the most overdue first. */
    List<Delivery> due(Instant now, int limit);

    /** Writes {@code next} only if {@code current} is still what is stored (compare-and-set on its version). */
    boolean update(Delivery current, Delivery next);

    void remove(String deliveryId);
}
