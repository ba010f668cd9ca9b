package io.mflow.notify.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Something to tell people: a job task or a pipeline task changed stage, or a job task waits for people to decide.
 * It carries what a person needs to understand it and nothing secret: {@code params} are shown values (sensitive
 * ones masked, the update token left out), and there are no outputs.
 *
 * @param event    what happened, as subscriptions name it: the new stage, or {@link #AUDIT_WAITING} /
 *                 {@link #CONFIRM_WAITING}
 * @param deciders who must decide, for a wait at a gate
 * @param link     where a person reads the task, or null when no base url is configured
 */
public record Notice(String eventId, Subject subject, String event, String jobTaskId, String jobTaskName,
                     String pipelineTaskId, String pipelineName, String stageName, String stage,
                     String previousStage, String message, String triggeredBy, Instant startedAt,
                     Instant occurredAt, int attempt, Map<String, String> params, List<String> deciders,
                     String link) {

    public static final String AUDIT_WAITING = "AUDIT_WAITING";
    public static final String CONFIRM_WAITING = "CONFIRM_WAITING";

    /** Whose change it is. */
    public enum Subject {
        JOB_TASK,
        PIPELINE_TASK
    }

    public Notice {
        params = params == null ? Map.of() : new LinkedHashMap<>(params);
        deciders = deciders == null ? List.of() : List.copyOf(deciders);
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
        return subject == Subject.JOB_TASK ? jobTaskId : pipelineTaskId;
    }
}
