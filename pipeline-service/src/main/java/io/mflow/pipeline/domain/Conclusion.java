package io.mflow.pipeline.domain;

/** How a run ended: SUCCEEDED, FAILED or CANCELED, with a message for people. */
public record Conclusion(TaskStatus status, String message) {
}
