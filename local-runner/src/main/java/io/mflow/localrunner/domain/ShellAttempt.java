package io.mflow.localrunner.domain;

/**
 * An attempt as a shell process runs it, on runner-service's host or on an agent: which attempt (its work dir), whose
 * reports its environment names, and the script to run (the job's {@code runnerSpec}).
 */
public record ShellAttempt(String attemptId, String jobTaskId, String pipelineTaskId, String runnerSpec) {

    /** Records of one run share the pipeline task id as key; a task outside a pipeline uses its own id. */
    public String reportKey() {
        return pipelineTaskId != null && !pipelineTaskId.isBlank() ? pipelineTaskId : jobTaskId;
    }

    @Override
    public String toString() {
        return "Attempt[" + attemptId + "]";
    }
}
