package io.mflow.notify.domain;

import java.time.Instant;

/** An admin enabled it again, with its count of failures reset. */
public record EndpointEnabled(String endpointId, String by, Instant at) implements EndpointEvent {
}
