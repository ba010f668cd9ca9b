package io.mflow.pipeline.domain;

import java.time.Instant;
import java.util.List;

/**
 * A record this service announces about a run. Every one is keyed by the run's pipeline task id, and its id is
 * derived from the run, so announcing it twice is harmless.
 */
public sealed interface Outgoing {

    String id();

    String pipelineTaskId();

    record RunJob(String attemptId, String jobTaskId, String pipelineTaskId, String jobTaskName, String jobName,
                  String runnerType, String runnerSpec, List<RunParam> params, String sealedUpdateToken,
                  boolean dryRun, Instant issuedAt) implements Outgoing {
        public String id() {
            return attemptId;
        }
    }

    record CancelJob(String attemptId, String jobTaskId, String pipelineTaskId, String sealedUpdateToken,
                     String reason, Instant issuedAt) implements Outgoing {
        public String id() {
            return attemptId + ":cancel";
        }
    }

    record RunConcluded(String pipelineTaskId, TaskStage stage, String message, Instant reportedAt) implements Outgoing {
        public String id() {
            return pipelineTaskId + ":" + stage.name();
        }
    }

    /** A task that cannot run (its params are invalid) is reported FAILED, as a runner would report it. */
    record JobTaskRejected(String attemptId, String jobTaskId, String pipelineTaskId, String sealedUpdateToken,
                           String message, Instant reportedAt) implements Outgoing {
        public String id() {
            return attemptId + ":" + TaskStage.FAILED.name();
        }
    }

    /** Tells task-service that the task's turn came and it waits for its audit. */
    record TurnCame(String jobTaskId, String pipelineTaskId, Instant reportedAt) implements Outgoing {
        public String id() {
            return jobTaskId + ":turn";
        }
    }
}
