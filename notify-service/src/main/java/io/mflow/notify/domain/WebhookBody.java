package io.mflow.notify.domain;

/**
 * Version 1 of the JSON body a generic webhook receives for a job task status change. Field names and meaning are
 * a public contract for receivers: add fields in a new version, never rename. It is built only from
 * {@link StatusChange}, which has no params, outputs or tokens.
 *
 * @param occurredAt ISO-8601 instant, e.g. {@code 2026-11-25T06:00:00Z}
 */
public record WebhookBody(
        int version,
        String event,
        String eventId,
        String jobTaskId,
        String jobTaskName,
        String pipelineTaskId,
        String stageName,
        String previousStage,
        String stage,
        String message,
        String occurredAt) {

    public static final int VERSION = 1;
    public static final String JOB_TASK_STATUS_CHANGED = "JobTaskStatusChanged";

    public static WebhookBody of(StatusChange change) {
        return new WebhookBody(VERSION, JOB_TASK_STATUS_CHANGED, change.eventId(), change.jobTaskId(),
                change.jobTaskName(), change.pipelineTaskId(), change.stageName(), change.previousStage(),
                change.stage(), change.message(), change.occurredAt().toString());
    }
}
