package io.mflow.notify.domain;

import java.time.Instant;

/**
 * A job task changed stage, as notify-service needs it. It deliberately has no outputs, params or tokens, so
 * nothing secret can reach a notification built from it.
 */
public record StatusChange(
        String eventId,
        String jobTaskId,
        String jobTaskName,
        String pipelineTaskId,
        String stageName,
        String previousStage,
        String stage,
        String message,
        Instant occurredAt) {
}
