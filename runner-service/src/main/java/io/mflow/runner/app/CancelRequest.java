package io.mflow.runner.app;

/** A request to stop an attempt, or to make sure it never starts. The update token is sealed. */
public record CancelRequest(String attemptId, String jobTaskId, String pipelineTaskId, String sealedUpdateToken,
        String reason) {

    public String reasonOrDefault() {
        return reason == null || reason.isBlank() ? "canceled" : reason;
    }
}
