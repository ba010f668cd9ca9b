package io.mflow.notify.domain;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The JSON document a generic webhook receives, a public contract for receivers: fields are added in a new version,
 * never renamed (version 2 kept every field of version 1). Built only from a {@link Notice}: shown params, no
 * outputs, no token. Its {@code type} follows Standard Webhooks' dotted naming ({@code job_task.stage_changed},
 * {@code pipeline_task.stage_changed}, {@code job_task.audit_waiting}, {@code job_task.confirm_waiting}).
 *
 * @param event      version 1's name of what happened: {@code JobTaskStatusChanged}, {@code PipelineTaskStatusChanged},
 *                   {@code JobTaskGateWaiting}
 * @param occurredAt ISO-8601 instant, e.g. {@code 2026-11-25T06:00:00Z}
 */
public record WebhookBody(
        int version,
        String type,
        String event,
        String eventId,
        String jobTaskId,
        String jobTaskName,
        String pipelineTaskId,
        String pipelineName,
        String stageName,
        String previousStage,
        String stage,
        String message,
        String triggeredBy,
        String startedAt,
        Long durationMillis,
        Integer attempt,
        Map<String, String> params,
        List<String> deciders,
        String link,
        String occurredAt) {

    public static final int VERSION = 2;

    public static WebhookBody of(Notice notice) {
        boolean pipeline = notice.subject() == Notice.Subject.PIPELINE_TASK;
        String type = notice.isGateWait() ? "job_task." + notice.event().toLowerCase(java.util.Locale.ROOT)
                : pipeline ? "pipeline_task.stage_changed" : "job_task.stage_changed";
        String event = notice.isGateWait() ? "JobTaskGateWaiting"
                : pipeline ? "PipelineTaskStatusChanged" : "JobTaskStatusChanged";
        Duration took = notice.duration();
        return new WebhookBody(VERSION, type, event, notice.eventId(), notice.jobTaskId(), notice.jobTaskName(),
                notice.pipelineTaskId(), notice.pipelineName(), notice.stageName(), notice.previousStage(),
                notice.stage(), notice.message(), notice.triggeredBy(),
                notice.startedAt() == null ? null : notice.startedAt().toString(),
                took == null ? null : took.toMillis(), notice.attempt() == 0 ? null : notice.attempt(),
                notice.params(), notice.deciders().isEmpty() ? null : notice.deciders(), notice.link(),
                notice.occurredAt().toString());
    }
}
