package io.mflow.notify.domain;

/** Facts about an endpoint that others learn from: only that it was disabled or enabled, not each failure. */
public sealed interface EndpointEvent permits EndpointDisabled, EndpointEnabled {

    String endpointId();
}
