package io.mflow.pipeline.domain;

/** An audit holds a task before it runs; a confirmation holds the run after the task's job ended. */
public enum GateKind {
    AUDIT,
    CONFIRM
}
