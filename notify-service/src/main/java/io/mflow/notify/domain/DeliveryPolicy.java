package io.mflow.notify.domain;

import java.time.Duration;

/**
 * How hard a delivery is tried: up to {@code maxAttempts} sends, each given {@code timeout}, waiting
 * {@code firstBackoff} after the first failure and {@code multiplier} times longer after each next one.
 */
public record DeliveryPolicy(int maxAttempts, Duration firstBackoff, double multiplier, Duration timeout) {

    public static final DeliveryPolicy DEFAULT = new DeliveryPolicy(5, Duration.ofSeconds(1), 2, Duration.ofSeconds(10));

    /** The wait after failed attempt number {@code attempts} (1 for the first). */
    public Duration backoffAfter(int attempts) {
        return Duration.ofMillis((long) (firstBackoff.toMillis() * Math.pow(multiplier, Math.max(0, attempts - 1))));
    }
}
