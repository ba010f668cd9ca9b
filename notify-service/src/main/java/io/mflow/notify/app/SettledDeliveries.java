package io.mflow.notify.app;

import io.mflow.notify.domain.Delivery;
import java.util.List;

/**
 * The record of every delivery that ended, as read. Each is written once through {@code AggregateChanges}, with the
 * record announcing its result in the same write.
 */
public interface SettledDeliveries {

    boolean isSettled(String deliveryId);

    /** The deliveries of one job task or pipeline task, oldest first. */
    List<Delivery> of(String ownerId);

    /** Whether a delivery of a later notice to the same subscription of the same task was delivered. */
    boolean deliveredLater(Delivery delivery);
}
