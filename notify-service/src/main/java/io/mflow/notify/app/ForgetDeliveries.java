package io.mflow.notify.app;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Keeps the record of settled deliveries within bounds: every replica's sweep removes what settled longer than
 * {@code maxAge} ago, at most {@code batch} per turn. task-service keeps the results it was told of with its own
 * tasks and removes them with those; a removed record no longer stops a delivery of the same notice, which only a
 * record redelivered after the topic's own retention could ask for.
 */
public class ForgetDeliveries {

    private final DeliveryHistory history;
    private final Duration maxAge;
    private final int batch;
    private final Clock clock;

    public ForgetDeliveries(DeliveryHistory history, Duration maxAge, int batch, Clock clock) {
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("mflow.retention.deliveries.max-age must be positive, not " + maxAge);
        }
        this.history = history;
        this.maxAge = maxAge;
        this.batch = batch;
        this.clock = clock;
    }

    public int sweep() {
        return sweepAt(clock.instant());
    }

    /** The sweep as at {@code now}. */
    public int sweepAt(Instant now) {
        return history.removeSettledBefore(now.minus(maxAge), batch);
    }
}
