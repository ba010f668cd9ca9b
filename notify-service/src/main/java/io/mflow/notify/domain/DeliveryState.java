package io.mflow.notify.domain;

/** Where a delivery stands: waiting for its next attempt, or settled for good. */
public enum DeliveryState {
    PENDING,
    DELIVERED,
    FAILED;

    public boolean isSettled() {
        return this != PENDING;
    }
}
