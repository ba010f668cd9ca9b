package io.mflow.notify.app;

import io.mflow.notify.domain.Delivery;
import io.mflow.platform.outbox.OutboxEntry;
import java.util.List;

/** The record of every delivery that ended, with the event announcing its result in the same write. */
public interface SettledDeliveries {

    boolean isSettled(String deliveryId);

    /** Stores the settled delivery and its announcement once; a second call for the same id changes nothing. */
    void settle(Delivery settled, OutboxEntry announced);

    /** The deliveries of one job task or pipeline task, oldest first. */
    List<Delivery> of(String ownerId);
}
