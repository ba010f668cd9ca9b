package io.mflow.notify.domain;

import java.time.Instant;
import java.util.List;
import java.util.Set;

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

    /** The stages a task ends in; one may still move on from one when a failed task is retried. */
    private static final Set<String> FINAL = Set.of("SUCCEEDED", "FAILED", "CANCELED", "SKIPPED");

    public TaskChange {
        deciders = deciders == null ? List.of() : List.copyOf(deciders);
    }

    /** The subscriber it concerns: its job task, or its pipeline task for a pipeline's own change. */
    public String ownerId() {
        return subject == Notice.Subject.JOB_TASK ? jobTaskId : pipelineTaskId;
    }

    /**
     * The run itself ended: a pipeline task's own change, or a job's run on its own (no pipeline task), to a final
     * stage. A job task of a pipeline that ends leaves its run going.
     */
    public boolean endsRun() {
        return isRunsOwn() && isFinal(stage);
    }

    /** The run moved on from a final stage: a failed task of it was retried, so it is going again. */
    public boolean resumesRun() {
        return isRunsOwn() && isFinal(previousStage) && !isFinal(stage);
    }

    private boolean isRunsOwn() {
        return subject == Notice.Subject.PIPELINE_TASK || subject == Notice.Subject.JOB_TASK && pipelineTaskId == null;
    }

    private static boolean isFinal(String stage) {
        return stage != null && FINAL.contains(stage);
    }
}
