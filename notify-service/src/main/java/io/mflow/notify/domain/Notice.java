package io.mflow.notify.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Something to tell people: a job task or a pipeline task changed stage, a job task waits for people to decide, or a
 * release approval moved.
 * It carries what a person needs to understand it and nothing secret: {@code params} are shown values (sensitive
 * ones masked, the update token left out), and there are no outputs.
 *
 * @param event    what happened, as subscriptions name it: the new stage, or {@link #AUDIT_WAITING} /
 *                 {@link #CONFIRM_WAITING}
 * @param deciders who must decide, for a wait at a gate
 * @param link     where a person reads the task, or null when no base url is configured
 * @param approval for a release approval's change ({@link Subject#APPROVAL}): the approval; null for a task's
 */
public record Notice(String eventId, Subject subject, String event, String jobTaskId, String jobTaskName,
                     String pipelineTaskId, String pipelineName, String stageName, String stage,
                     String previousStage, String message, String triggeredBy, Instant startedAt,
                     Instant occurredAt, int attempt, Map<String, String> params, List<String> deciders,
                     String link, Approval approval) {

    public static final String AUDIT_WAITING = "AUDIT_WAITING";
    public static final String CONFIRM_WAITING = "CONFIRM_WAITING";

    /** Whose change it is. */
    public enum Subject {
        JOB_TASK,
        PIPELINE_TASK,
        /** A release approval moved: {@code event} and {@code stage} are its stage, {@code link} its page. */
        APPROVAL
    }

    public Notice {
        params = params == null ? Map.of() : new LinkedHashMap<>(params);
        deciders = deciders == null ? List.of() : List.copyOf(deciders);
    }

    /** A task's notice. */
    public Notice(String eventId, Subject subject, String event, String jobTaskId, String jobTaskName,
                  String pipelineTaskId, String pipelineName, String stageName, String stage, String previousStage,
                  String message, String triggeredBy, Instant startedAt, Instant occurredAt, int attempt,
                  Map<String, String> params, List<String> deciders, String link) {
        this(eventId, subject, event, jobTaskId, jobTaskName, pipelineTaskId, pipelineName, stageName, stage,
                previousStage, message, triggeredBy, startedAt, occurredAt, attempt, params, deciders, link, null);
    }

    /**
     * A release approval's move to {@code stage}.
     *
     * @param params its run's params as they may be shown
     * @param link   where a person sees it, or null
     */
    public static Notice ofApproval(String eventId, Approval approval, String stage, String previousStage,
                                    String pipelineName, String pipelineTaskId, Map<String, String> params,
                                    String link, Instant occurredAt) {
        return new Notice(eventId, Subject.APPROVAL, stage, null, null, pipelineTaskId, pipelineName, null, stage,
                previousStage, approval.comment(), approval.by(), null, occurredAt, 0, params,
                Approval.SUBMITTED.equals(stage) ? approval.auditors() : List.of(), link, approval);
    }

    public boolean isApproval() {
        return subject == Subject.APPROVAL;
    }

    public boolean isGateWait() {
        return AUDIT_WAITING.equals(event) || CONFIRM_WAITING.equals(event);
    }

    /** How long it ran until this change, when it has started. */
    public Duration duration() {
        return startedAt == null || occurredAt == null || occurredAt.isBefore(startedAt) ? null
                : Duration.between(startedAt, occurredAt);
    }

    /** The id of what this notice is about: the job task, or the pipeline task for a pipeline's change. */
    public String ownerId() {
        if (subject == Subject.APPROVAL) {
            return approval.approvalId();
        }
        return subject == Subject.JOB_TASK ? jobTaskId : pipelineTaskId;
    }
}
