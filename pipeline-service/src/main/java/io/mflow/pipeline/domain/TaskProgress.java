package io.mflow.pipeline.domain;

/** What this service knows of one job task of a run: its last stage, and what it already sent about it. */
public record TaskProgress(String jobTaskId, TaskStage stage, String message, boolean dispatched, boolean cancelSent) {

    public static TaskProgress planned(TaskPlan task) {
        // task-service creates a skipped task directly SKIPPED; it counts as done from the start
        return new TaskProgress(task.jobTaskId(), task.skip() ? TaskStage.SKIPPED : TaskStage.PENDING, null, false, false);
    }

    public TaskProgress movedTo(TaskStage newStage, String newMessage) {
        return new TaskProgress(jobTaskId, newStage, newMessage, dispatched, cancelSent);
    }

    public TaskProgress markedDispatched() {
        return new TaskProgress(jobTaskId, stage, message, true, cancelSent);
    }

    public TaskProgress markedCancelSent() {
        return new TaskProgress(jobTaskId, stage, message, dispatched, true);
    }

    /** Dispatched and not finished: the runner may still be working on it. */
    public boolean isRunning() {
        return dispatched && !stage.isTerminal();
    }
}
