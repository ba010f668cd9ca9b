package io.mflow.task.domain;

import java.time.Instant;
import java.util.Map;

/** Facts about a job task that other services learn from. */
public sealed interface JobTaskEvent {

    String eventId();

    /** The pipeline task id, or the job task id for a task outside a pipeline: one run stays in one partition. */
    String key();

    record StatusChanged(String eventId, String jobTaskId, String jobTaskName, String pipelineTaskId,
                         String stageName, Stage previousStage, Stage stage, String message,
                         Map<String, String> outputs, Instant occurredAt, String triggeredBy)
            implements JobTaskEvent {
        public StatusChanged {
            outputs = Map.copyOf(outputs);
        }

        @Override
        public String key() {
            return pipelineTaskId != null ? pipelineTaskId : jobTaskId;
        }
    }
}
