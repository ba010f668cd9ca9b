package io.mflow.pipeline.domain;

/** How a run ended: SUCCEEDED, FAILED or CANCELED, with a message for people. */
public record Conclusion(TaskStage stage, String message) {
}
