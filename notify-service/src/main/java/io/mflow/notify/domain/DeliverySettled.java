package io.mflow.notify.domain;

/** A delivery ended for good, DELIVERED or FAILED: announced once, with the settled delivery's result. */
public record DeliverySettled(String deliveryId, DeliveryState state) {
}
