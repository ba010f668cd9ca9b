package io.mflow.task.domain;

/**
 * What a user may do; each ranked role includes the ones before it (an ADMIN may do all a DEVELOPER may). AGENT is
 * the role of a remote agent's token: it takes AGENT jobs and reports them, and includes nothing else.
 */
public enum Role {
    VIEWER, DEVELOPER, ADMIN, AGENT
}
