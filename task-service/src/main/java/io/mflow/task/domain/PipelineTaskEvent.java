package io.mflow.task.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Facts about a pipeline task (a run) that other services learn from. */
public sealed interface PipelineTaskEvent {

    String eventId();

    String pipelineTaskId();

    /** The plan pipeline-service drives. Secrets in it (sensitive values, tokens, webhook headers) are sealed. */
    record Created(String eventId, String pipelineTaskId, String pipelineId, String pipelineName, boolean dryRun,
                   Map<String, String> labels, List<StagePlan> stages, Instant createdAt, String triggeredBy)
            implements PipelineTaskEvent {
        public Created {
            labels = Map.copyOf(labels);
            stages = List.copyOf(stages);
        }
    }

    record StatusChanged(String eventId, String pipelineTaskId, String pipelineId, String pipelineName,
                         Stage previousStage, Stage stage, String message, Instant occurredAt, String triggeredBy)
            implements PipelineTaskEvent {
    }

    record StagePlan(String name, boolean parallel, List<TaskPlan> tasks) {
        public StagePlan {
            tasks = List.copyOf(tasks);
        }
    }

    record TaskPlan(String jobTaskId, String name, String jobName, String runnerType, String runnerSpec,
                    boolean ignoreFailed, boolean skip, List<RunParam> params, String sealedUpdateToken,
                    List<Pipeline.Webhook> webhooks, boolean audited, boolean confirmed, Duration timeout) {
        public TaskPlan {
            params = List.copyOf(params);
            webhooks = List.copyOf(webhooks);
        }
    }
}
