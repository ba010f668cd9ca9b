package io.mflow.notify.domain;

import java.time.Instant;

/**
 * Where deliveries go, as far as their health goes: one webhook url or one mailbox. {@value #DISABLE_AFTER}
 * deliveries FAILED in a row disable it, so a dead endpoint stops costing attempts; its later deliveries are recorded
 * FAILED without a send until an admin enables it again.
 */
public record Endpoint(String id, String target, int failuresInARow, boolean disabled, String reason,
                       Instant changedAt, long version) {

    public static final int DISABLE_AFTER = 20;

    public static Endpoint first(String id, String target) {
        return new Endpoint(id, target, 0, false, null, null, 0);
    }

    /** After a delivery settled; a DELIVERED one ends the run of failures. */
    public Endpoint after(DeliveryState settled, String lastError, Instant now) {
        if (settled == DeliveryState.DELIVERED) {
            return failuresInARow == 0 ? this : new Endpoint(id, target, 0, disabled, reason, changedAt, version);
        }
        int failures = failuresInARow + 1;
        if (!disabled && failures >= DISABLE_AFTER) {
            return new Endpoint(id, target, failures, true, failures + " deliveries failed in a row, the last: "
                    + lastError, now, version);
        }
        return new Endpoint(id, target, failures, disabled, reason, changedAt, version);
    }

    public Endpoint enabled(String by, Instant now) {
        return new Endpoint(id, target, 0, false, "enabled by " + by, now, version);
    }

    public Endpoint atVersion(long storedVersion) {
        return new Endpoint(id, target, failuresInARow, disabled, reason, changedAt, storedVersion);
    }
}
