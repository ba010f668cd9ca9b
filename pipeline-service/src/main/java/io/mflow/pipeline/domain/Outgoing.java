package io.mflow.pipeline.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A record this service announces about a run. Every one is keyed by its run (the pipeline task id, or the job
 * task id of a job run on its own), and its id is derived from the run, so announcing it twice is harmless. Each
 * carries {@code causedAt}: when the fact that made the run announce it happened, as its source reported it (a job's
 * end), so that the stage hand-off can be measured; null when unknown.
 */
public sealed interface Outgoing {

    String id();

    Instant causedAt();

    /** Null for a job run on its own. */
    String pipelineTaskId();

    /** The run it belongs to: all of a run's records go to one partition, in order. */
    String key();

    /**
     * Runs {@code task}'s attempt with {@code params} (the run's outputs laid over them); {@code dryRunNote}: see
     * {@link TaskToRun}; {@code notBefore}: when a retry may start at the earliest (null: at once).
     */
    record RunJob(String attemptId, String pipelineTaskId, TaskPlan task, List<RunParam> params, boolean dryRun,
                  String dryRunNote, Instant notBefore, Map<String, String> labels, Instant issuedAt,
                  Instant causedAt) implements Outgoing {
        public RunJob {
            params = List.copyOf(params);
            labels = labels == null ? Map.of() : Map.copyOf(labels);
        }

        public String id() {
            return attemptId;
        }

        public String jobTaskId() {
            return task.jobTaskId();
        }

        public String sealedUpdateToken() {
            return task.updateToken();
        }

        public String key() {
            return PipelineRun.runIdOf(pipelineTaskId, task.jobTaskId());
        }
    }

    record CancelJob(String attemptId, String jobTaskId, String pipelineTaskId, String sealedUpdateToken,
                     String reason, Instant issuedAt, Instant causedAt) implements Outgoing {
        public String id() {
            return attemptId + ":cancel";
        }

        public String key() {
            return PipelineRun.runIdOf(pipelineTaskId, jobTaskId);
        }
    }

    /** {@code resumes}: how often the run resumed before, so each conclusion of a run that resumed is news. */
    record RunConcluded(String pipelineTaskId, TaskStatus status, String message, Instant reportedAt, int resumes,
                        Instant causedAt) implements Outgoing {
        public String id() {
            return pipelineTaskId + ":" + status.name() + (resumes == 0 ? "" : ":" + resumes);
        }

        public String key() {
            return pipelineTaskId;
        }
    }

    /** A task that cannot run (a required param has no value) is reported FAILED, as a runner would report it. */
    record JobTaskRejected(String attemptId, String jobTaskId, String pipelineTaskId, String sealedUpdateToken,
                           String message, Instant reportedAt, Instant causedAt) implements Outgoing {
        public String id() {
            return attemptId + ":" + TaskStatus.FAILED.name();
        }

        public String key() {
            return PipelineRun.runIdOf(pipelineTaskId, jobTaskId);
        }
    }

    /** A failed run goes on again (its pipeline task is ACTIVE again), and why. */
    record RunResumed(String pipelineTaskId, String message, Instant reportedAt, int resumes, Instant causedAt)
            implements Outgoing {
        public String id() {
            return pipelineTaskId + ":resumed:" + resumes;
        }

        public String key() {
            return pipelineTaskId;
        }
    }

    /** Tells task-service that the task's turn came and it waits for its audit. */
    record TurnCame(String jobTaskId, String pipelineTaskId, Instant reportedAt, Instant causedAt) implements Outgoing {
        public String id() {
            return jobTaskId + ":turn";
        }

        public String key() {
            return PipelineRun.runIdOf(pipelineTaskId, jobTaskId);
        }
    }
}
