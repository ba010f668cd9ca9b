package io.mflow.pipeline.domain;

/** A task whose turn came but that cannot run, and why: it is reported FAILED instead of started. */
public record TaskToReject(String attemptId, TaskPlan task, String reason) {
}
