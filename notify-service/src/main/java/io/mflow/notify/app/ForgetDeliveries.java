package io.mflow.notify.app;

import io.mflow.platform.sweep.ForgetOlder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Keeps the record of settled deliveries within bounds: every replica's sweep removes what settled longer than
 * {@code maxAge} ago, at most {@code batch} per turn. task-service keeps the results it was told of with its own
 * tasks and removes them with those; a removed record no longer stops a delivery of the same notice, which only a
 * record redelivered after the topic's own retention could ask for.
 */
public class ForgetDeliveries extends ForgetOlder {

    private final DeliveryHistory history;

    public ForgetDeliveries(DeliveryHistory history, Duration maxAge, int batch, Clock clock) {
        super("mflow.retention.deliveries.max-age", maxAge, batch, clock);
        this.history = history;
    }

    @Override
    protected int removeBefore(Instant cutoff, int limit) {
        return history.removeSettledBefore(cutoff, limit);
    }
}
