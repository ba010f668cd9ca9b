package io.mflow.task.domain;

/** What a user may do; each includes the ones before it (an ADMIN may do all a DEVELOPER may). */
public enum Role {
    VIEWER, DEVELOPER, ADMIN
}
