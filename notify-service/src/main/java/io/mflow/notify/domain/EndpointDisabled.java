package io.mflow.notify.domain;

import java.time.Instant;

/** Too many deliveries failed in a row: later ones are recorded FAILED without a send. */
public record EndpointDisabled(String endpointId, int failuresInARow, String reason, Instant at)
        implements EndpointEvent {
}
