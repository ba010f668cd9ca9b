package io.mflow.pipeline.domain;

import java.time.Instant;

import java.util.List;
import java.util.Map;

/** A fact about a pipeline run that task-service announced. Each carries the id of its event, for idempotence. */
public sealed interface RunFact {

    String eventId();

    String pipelineTaskId();

    /** {@code standalone}: a job run on its own, whose run id is its job task's id. */
    /** {@code queued}: the run waits in its pipeline's lane until a {@link LetGo}. */
    record Planned(String eventId, String pipelineTaskId, String pipelineName, boolean dryRun,
                   Map<String, String> labels, List<StagePlan> stages, boolean standalone, boolean queued)
            implements RunFact {

        public Planned(String eventId, String pipelineTaskId, String pipelineName, boolean dryRun,
                       Map<String, String> labels, List<StagePlan> stages, boolean standalone) {
            this(eventId, pipelineTaskId, pipelineName, dryRun, labels, stages, standalone, false);
        }

        public Planned(String eventId, String pipelineTaskId, String pipelineName, boolean dryRun,
                       Map<String, String> labels, List<StagePlan> stages) {
            this(eventId, pipelineTaskId, pipelineName, dryRun, labels, stages, false);
        }
    }

    /** {@code attempt}: the attempt whose change it is, 0 when the event does not say. */
    record JobTaskChanged(String eventId, String pipelineTaskId, String jobTaskId, TaskStatus status, String message,
                          Map<String, String> outputs, int attempt) implements RunFact {

        public JobTaskChanged(String eventId, String pipelineTaskId, String jobTaskId, TaskStatus status, String message,
                              Map<String, String> outputs) {
            this(eventId, pipelineTaskId, jobTaskId, status, message, outputs, 0);
        }
    }

    /**
     * A person (or task-service, as the task's retry policy says) started attempt {@code attempt} of a job task,
     * with these params, to start no earlier than {@code notBefore} (null: at once).
     */
    /** {@code sealedUpdateToken}: the new attempt's own update token (null from a task-service before tokens per attempt). */
    record JobTaskRetried(String eventId, String pipelineTaskId, String jobTaskId, int attempt, RunParamSet params,
                          String by, String reason, Instant notBefore, String sealedUpdateToken) implements RunFact {
        public JobTaskRetried(String eventId, String pipelineTaskId, String jobTaskId, int attempt, RunParamSet params,
                              String by, String reason, Instant notBefore) {
            this(eventId, pipelineTaskId, jobTaskId, attempt, params, by, reason, notBefore, null);
        }
    }

    record CancelRequested(String eventId, String pipelineTaskId) implements RunFact {
    }

    /** The run's lane let it in (task-service moved it ACTIVE): its tasks may start. */
    record LetGo(String eventId, String pipelineTaskId) implements RunFact {
    }

    /** A gate of a job task moved; {@code why} says who denied it and their comment, for a DENY. */
    record GateChanged(String eventId, String pipelineTaskId, String jobTaskId, GateKind gate, GateStatus status,
                       String why) implements RunFact {
    }
}
