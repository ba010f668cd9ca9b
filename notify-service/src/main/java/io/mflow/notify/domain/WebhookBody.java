package io.mflow.notify.domain;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The JSON document a generic webhook receives, a public contract for receivers: fields are added in a new version,
 * never renamed (version 2 kept every field of version 1). Built only from a {@link Notice}: shown params, no
 * outputs, no token. Its {@code type} follows Standard Webhooks' dotted naming ({@code job_task.stage_changed},
 * {@code pipeline_task.stage_changed}, {@code job_task.audit_waiting}, {@code job_task.confirm_waiting},
 * {@code approval.<stage>}); an approval's fields ({@code approvalId} ... {@code comment}) are null for a task's.
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
        String occurredAt,
        String approvalId,
        String title,
        String createdBy,
        List<String> operators,
        List<String> auditors,
        Boolean autoRun,
        String comment) {

    public static final int VERSION = 2;

    public WebhookBody(int version, String type, String event, String eventId, String jobTaskId, String jobTaskName,
                       String pipelineTaskId, String pipelineName, String stageName, String previousStage, String stage,
                       String message, String triggeredBy, String startedAt, Long durationMillis, Integer attempt,
                       Map<String, String> params, List<String> deciders, String link, String occurredAt) {
        this(version, type, event, eventId, jobTaskId, jobTaskName, pipelineTaskId, pipelineName, stageName,
                previousStage, stage, message, triggeredBy, startedAt, durationMillis, attempt, params, deciders, link,
                occurredAt, null, null, null, null, null, null, null);
    }

    public static WebhookBody of(Notice notice) {
        if (notice.isApproval()) {
            return ofApproval(notice);
        }
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

    /**
     * {@code approval.<stage>} ({@code approval.submitted}, {@code approval.passed}, ...): who made the change is
     * {@code triggeredBy}, their comment {@code comment}, its page {@code link}; {@code deciders} while it waits.
     */
    private static WebhookBody ofApproval(Notice notice) {
        Approval approval = notice.approval();
        return new WebhookBody(VERSION, "approval." + notice.stage().toLowerCase(java.util.Locale.ROOT),
                "ApprovalChanged", notice.eventId(), null, null, notice.pipelineTaskId(), notice.pipelineName(), null,
                notice.previousStage(), notice.stage(), null, approval.by(), null, null, null, notice.params(),
                notice.deciders().isEmpty() ? null : notice.deciders(), notice.link(),
                notice.occurredAt().toString(), approval.approvalId(), approval.title(), approval.createdBy(),
                approval.operators(), approval.auditors(), approval.autoRun(), approval.comment());
    }
}
