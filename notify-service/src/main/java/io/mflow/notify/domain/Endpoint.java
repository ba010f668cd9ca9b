package io.mflow.notify.domain;

import io.mflow.platform.change.Change;
import java.time.Instant;
import java.util.List;

/**
 * Where deliveries go, as far as their health goes: one webhook url or one mailbox. {@value #DISABLE_AFTER}
 * deliveries FAILED in a row disable it, so a dead endpoint stops costing attempts; its later deliveries are recorded
 * FAILED without a send until an admin enables it again.
 */
public record Endpoint(String id, String target, int failuresInARow, boolean disabled, String reason,
                       Instant changedAt) {

    public static final int DISABLE_AFTER = 20;

    /** One that nothing is known of yet: it is stored once a delivery to it fails. */
    public static Endpoint first(String id, String target) {
        return new Endpoint(id, target, 0, false, null, null);
    }

    /**
     * After an attempted delivery settled: a DELIVERED one ends the run of failures (unchanged when there is none), a
     * FAILED one counts, and the one that makes {@value #DISABLE_AFTER} disables it, which is announced.
     */
    public Change<Endpoint, EndpointEvent> after(DeliveryState settled, String lastError, Instant now) {
        if (settled == DeliveryState.DELIVERED) {
            return failuresInARow == 0 ? Change.unchanged()
                    : Change.moved(new Endpoint(id, target, 0, disabled, reason, changedAt));
        }
        int failures = failuresInARow + 1;
        if (!disabled && failures >= DISABLE_AFTER) {
            String why = failures + " deliveries failed in a row, the last: " + lastError;
            return Change.moved(new Endpoint(id, target, failures, true, why, now),
                    List.of(new EndpointDisabled(id, failures, why, now)));
        }
        return Change.moved(new Endpoint(id, target, failures, disabled, reason, changedAt));
    }

    /** Enabled again with its count of failures reset, which is announced; unchanged when it is not disabled. */
    public Change<Endpoint, EndpointEvent> enable(String by, Instant now) {
        if (!disabled) {
            return Change.unchanged();
        }
        return Change.moved(new Endpoint(id, target, 0, false, "enabled by " + by, now),
                List.of(new EndpointEnabled(id, by, now)));
    }
}
