package io.mflow.localrunner.domain;

/** The stages a runner reports for an attempt, in the order it reports them. */
public enum ReportStage {
    SCHEDULING,
    CREATING,
    ACTIVE,
    SUCCEEDED,
    FAILED,
    CANCELED
}
