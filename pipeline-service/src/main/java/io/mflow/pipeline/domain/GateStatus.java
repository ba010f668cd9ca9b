package io.mflow.pipeline.domain;

/** Where a gate of a job task stands, as task-service announced it: people decide there, not this service. */
public enum GateStatus {
    PENDING,
    WAITING,
    PASS,
    DENY
}
