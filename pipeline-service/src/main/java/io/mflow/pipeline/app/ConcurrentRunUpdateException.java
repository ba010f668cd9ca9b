package io.mflow.pipeline.app;

/** The run kept changing under us; the consumer retries the event later. */
public class ConcurrentRunUpdateException extends RuntimeException {

    public ConcurrentRunUpdateException(String pipelineTaskId) {
        super("run " + pipelineTaskId + " was updated concurrently too many times");
    }
}
