package io.mflow.task.domain;

/** Where a gate stands (the reference's AUDIT_STAGE, with its PENDDING spelt PENDING). */
public enum GateStatus {
    /** The task's turn has not come (audit) or its job has not ended (confirm); an audit may be decided already. */
    PENDING,
    /** Nothing goes on until enough people decide. */
    WAITING,
    PASS,
    DENY;

    public boolean isDecided() {
        return this == PASS || this == DENY;
    }
}
