package io.mflow.notify.domain;

import java.time.Instant;
import java.util.List;

/**
 * A change as the task events tell it, before it is matched with who wants to hear of it. It deliberately has no
 * outputs, params or tokens: nothing secret can reach a notice built from it.
 *
 * @param event    the new stage, or {@link Notice#AUDIT_WAITING} / {@link Notice#CONFIRM_WAITING}
 * @param deciders for a wait at a gate, who may decide
 */
public record TaskChange(String eventId, Notice.Subject subject, String event, String jobTaskId, String jobTaskName,
                     String pipelineTaskId, String stageName, String stage, String previousStage, String message,
                     String triggeredBy, Instant startedAt, Instant occurredAt, int attempt, List<String> deciders) {

    public TaskChange {
        deciders = deciders == null ? List.of() : List.copyOf(deciders);
    }

    /** The subscriber it concerns: its job task, or its pipeline task for a pipeline's own change. */
    public String ownerId() {
        return subject == Notice.Subject.JOB_TASK ? jobTaskId : pipelineTaskId;
    }
}
