package io.mflow.task.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Facts about a pipeline task (a run) that other services learn from. */
public sealed interface PipelineTaskEvent {

    String eventId();

    String pipelineTaskId();

    /**
     * The plan pipeline-service drives and notify-service subscribes from. Secrets in it (sensitive values, tokens,
     * webhook headers and secrets, the {@code contacts}' e-mail addresses) are sealed.
     */
    record Created(String eventId, String pipelineTaskId, String pipelineId, String pipelineName, boolean dryRun,
                   Map<String, String> labels, List<StagePlan> stages, Instant createdAt, String triggeredBy,
                   List<Pipeline.Webhook> webhooks, List<Pipeline.Mention> mentions, Map<String, String> contacts,
                   boolean queued)
            implements PipelineTaskEvent {

        public Created(String eventId, String pipelineTaskId, String pipelineId, String pipelineName, boolean dryRun,
                       Map<String, String> labels, List<StagePlan> stages, Instant createdAt, String triggeredBy,
                       List<Pipeline.Webhook> webhooks, List<Pipeline.Mention> mentions, Map<String, String> contacts) {
            this(eventId, pipelineTaskId, pipelineId, pipelineName, dryRun, labels, stages, createdAt, triggeredBy,
                    webhooks, mentions, contacts, false);
        }

        public Created {
            labels = Map.copyOf(labels);
            stages = List.copyOf(stages);
            webhooks = webhooks == null ? List.of() : List.copyOf(webhooks);
            mentions = mentions == null ? List.of() : List.copyOf(mentions);
            contacts = contacts == null ? Map.of() : Map.copyOf(contacts);
        }
    }

    /** {@code startedAt}: when the run was created. */
    record StatusChanged(String eventId, String pipelineTaskId, String pipelineId, String pipelineName,
                         Status previousStage, Status stage, String message, Instant occurredAt, String triggeredBy,
                         Instant startedAt)
            implements PipelineTaskEvent {
    }

    record StagePlan(String name, boolean parallel, List<TaskPlan> tasks) {
        public StagePlan {
            tasks = List.copyOf(tasks);
        }
    }

    record TaskPlan(String jobTaskId, String name, String jobName, String runnerType, String runnerSpec,
                    boolean ignoreFailed, boolean skip, List<RunParam> params, String sealedUpdateToken,
                    List<Pipeline.Webhook> webhooks, boolean audited, boolean confirmed, Duration timeout,
                    List<Pipeline.Mention> mentions, List<String> agentTags, boolean manualStatus) {
        public TaskPlan {
            agentTags = agentTags == null ? List.of() : List.copyOf(agentTags);
            params = List.copyOf(params);
            webhooks = List.copyOf(webhooks);
            mentions = mentions == null ? List.of() : List.copyOf(mentions);
        }
    }
}
