package io.mflow.task.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Facts about a job task that other services learn from. */
public sealed interface JobTaskEvent {

    String eventId();

    String jobTaskId();

    /** Null for a job task outside any pipeline. */
    String pipelineTaskId();

    /** The pipeline task id, or the job task id for a task outside a pipeline: one run stays in one partition. */
    default String key() {
        return pipelineTaskId() != null ? pipelineTaskId() : jobTaskId();
    }

    record StatusChanged(String eventId, String jobTaskId, String jobTaskName, String pipelineTaskId,
                         String stageName, Status previousStage, Status stage, String message,
                         Map<String, String> outputs, Instant occurredAt, String triggeredBy, int attempt,
                         Instant startedAt, String detail, Map<String, String> extension)
            implements JobTaskEvent {
        public StatusChanged {
            outputs = Map.copyOf(outputs);
            extension = extension == null ? Map.of() : Map.copyOf(extension);
        }
    }

    /** A job run on its own, outside any pipeline: the plan of a run of one task. The update token is sealed. */
    record Created(String eventId, String jobTaskId, String name, String jobName, String runnerType,
                   String runnerSpec, List<RunParam> params, String sealedUpdateToken, boolean dryRun,
                   Map<String, String> labels, boolean audited, Duration timeout, Instant createdAt,
                   String triggeredBy, Map<String, String> contacts, List<String> agentTags, boolean manualStatus)
            implements JobTaskEvent {
        public Created {
            agentTags = agentTags == null ? List.of() : List.copyOf(agentTags);
            params = List.copyOf(params);
            labels = Map.copyOf(labels);
        }

        /** A job run on its own belongs to no pipeline. */
        @Override
        public String pipelineTaskId() {
            return null;
        }
    }

    /**
     * A person (or mflow, as the task's retry policy says) started a new attempt of a task that failed or was
     * canceled, with these params (sealed); it starts no earlier than {@code notBefore} (null: at once).
     * {@code sealedUpdateToken}: the new attempt's own update token, sealed for it.
     */
    record Retried(String eventId, String jobTaskId, String jobTaskName, String pipelineTaskId, String stageName,
                   int attempt, List<RunParam> params, String by, String reason, Instant occurredAt,
                   Instant notBefore, String sealedUpdateToken)
            implements JobTaskEvent {
        public Retried {
            params = List.copyOf(params);
        }
    }

    /** A gate of the task moved: it waits for people, or enough of them decided. Carries every decision so far. */
    record GateChanged(String eventId, String jobTaskId, String jobTaskName, String pipelineTaskId, String stageName,
                       Gate.Kind gate, GateStatus stage, List<GateDecision> decisions, Instant occurredAt,
                       String triggeredBy, List<String> people) implements JobTaskEvent {
        public GateChanged {
            decisions = List.copyOf(decisions);
            people = people == null ? List.of() : List.copyOf(people);
        }
    }
}
