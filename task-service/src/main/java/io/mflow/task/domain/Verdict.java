package io.mflow.task.domain;

/** What one person decides at a gate. */
public enum Verdict {
    PASS,
    DENY
}
