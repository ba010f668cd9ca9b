package io.mflow.pipeline.domain;

/**
 * What this service knows of one job task of a run: its last stage, where its gates stand, and what it already sent
 * about it ({@code turnAnnounced}: task-service was told the task's turn came and it waits for its audit).
 */
public record TaskProgress(String jobTaskId, TaskStage stage, String message, boolean dispatched, boolean cancelSent,
                           GateStage audit, GateStage confirm, boolean turnAnnounced) {

    public TaskProgress {
        audit = audit == null ? GateStage.PENDING : audit;
        confirm = confirm == null ? GateStage.PENDING : confirm;
    }

    public static TaskProgress planned(TaskPlan task) {
        // task-service creates a skipped task directly SKIPPED; it counts as done from the start
        return new TaskProgress(task.jobTaskId(), task.skip() ? TaskStage.SKIPPED : TaskStage.PENDING, null, false,
                false, GateStage.PENDING, GateStage.PENDING, false);
    }

    public TaskProgress movedTo(TaskStage newStage, String newMessage) {
        return new TaskProgress(jobTaskId, newStage, newMessage, dispatched, cancelSent, audit, confirm, turnAnnounced);
    }

    public TaskProgress markedDispatched() {
        return new TaskProgress(jobTaskId, stage, message, true, cancelSent, audit, confirm, turnAnnounced);
    }

    public TaskProgress markedCancelSent() {
        return new TaskProgress(jobTaskId, stage, message, dispatched, true, audit, confirm, turnAnnounced);
    }

    public TaskProgress markedTurnAnnounced() {
        return new TaskProgress(jobTaskId, stage, message, dispatched, cancelSent, audit, confirm, true);
    }

    /** A gate moved; a denied confirmation keeps why, for the run's conclusion. */
    public TaskProgress gateMoved(GateKind kind, GateStage gateStage, String why) {
        return kind == GateKind.AUDIT
                ? new TaskProgress(jobTaskId, stage, message, dispatched, cancelSent, gateStage, confirm, turnAnnounced)
                : new TaskProgress(jobTaskId, stage, gateStage == GateStage.DENY ? why : message, dispatched,
                        cancelSent, audit, gateStage, turnAnnounced);
    }

    /** Dispatched and not finished: the runner may still be working on it. */
    public boolean isRunning() {
        return dispatched && !stage.isTerminal();
    }
}
