package io.mflow.pipeline.domain;

import java.time.Instant;

/**
 * What this service knows of one job task of a run: its last status, where its gates stand, and what it already sent
 * about it ({@code turnAnnounced}: task-service was told the task's turn came and it waits for its audit). A task runs
 * in attempts: {@code attempt} is the current one (1 until it is retried), {@code params} the params a retry gave it
 * (null: the plan's), {@code notBefore} when its retry may start at the earliest (null: at once), and
 * {@code updateToken} the sealed update token of a retry's attempt, each attempt having its own (null: the plan's).
 */
public record TaskProgress(String jobTaskId, TaskStatus status, String message, boolean dispatched, boolean cancelSent,
                           GateStatus audit, GateStatus confirm, boolean turnAnnounced, int attempt, RunParamSet params,
                           Instant notBefore, String updateToken) {

    public TaskProgress {
        audit = audit == null ? GateStatus.PENDING : audit;
        confirm = confirm == null ? GateStatus.PENDING : confirm;
        attempt = Math.max(attempt, 1);
    }

    public TaskProgress(String jobTaskId, TaskStatus status, String message, boolean dispatched, boolean cancelSent,
                        GateStatus audit, GateStatus confirm, boolean turnAnnounced, int attempt, RunParamSet params,
                        Instant notBefore) {
        this(jobTaskId, status, message, dispatched, cancelSent, audit, confirm, turnAnnounced, attempt, params,
                notBefore, null);
    }

    public TaskProgress(String jobTaskId, TaskStatus status, String message, boolean dispatched, boolean cancelSent,
                        GateStatus audit, GateStatus confirm, boolean turnAnnounced) {
        this(jobTaskId, status, message, dispatched, cancelSent, audit, confirm, turnAnnounced, 1, null, null);
    }

    public static TaskProgress planned(TaskPlan task) {
        // task-service creates a skipped task directly SKIPPED; it counts as done from the start
        return new TaskProgress(task.jobTaskId(), task.skip() ? TaskStatus.SKIPPED : TaskStatus.PENDING, null, false,
                false, GateStatus.PENDING, GateStatus.PENDING, false);
    }

    public TaskProgress movedTo(TaskStatus newStatus, String newMessage) {
        return new TaskProgress(jobTaskId, newStatus, newMessage, dispatched, cancelSent, audit, confirm, turnAnnounced,
                attempt, params, notBefore, updateToken);
    }

    public TaskProgress markedDispatched() {
        return new TaskProgress(jobTaskId, status, message, true, cancelSent, audit, confirm, turnAnnounced, attempt,
                params, notBefore, updateToken);
    }

    public TaskProgress markedCancelSent() {
        return new TaskProgress(jobTaskId, status, message, dispatched, true, audit, confirm, turnAnnounced, attempt,
                params, notBefore, updateToken);
    }

    public TaskProgress markedTurnAnnounced() {
        return new TaskProgress(jobTaskId, status, message, dispatched, cancelSent, audit, confirm, true, attempt,
                params, notBefore, updateToken);
    }

    /** A gate moved; a denied confirmation keeps why, for the run's conclusion. */
    public TaskProgress gateMoved(GateKind kind, GateStatus gateStatus, String why) {
        return kind == GateKind.AUDIT
                ? new TaskProgress(jobTaskId, status, message, dispatched, cancelSent, gateStatus, confirm, turnAnnounced,
                        attempt, params, notBefore, updateToken)
                : new TaskProgress(jobTaskId, status, gateStatus == GateStatus.DENY ? why : message, dispatched,
                        cancelSent, audit, gateStatus, turnAnnounced, attempt, params, notBefore, updateToken);
    }

    /** It was retried: its next attempt waits to be dispatched, and a result to confirm is confirmed anew. */
    public TaskProgress reopened(int nextAttempt, RunParamSet nextParams, String why, Instant startNotBefore,
                                 String nextUpdateToken) {
        return new TaskProgress(jobTaskId, TaskStatus.PENDING, why, false, false, audit, GateStatus.PENDING,
                turnAnnounced, nextAttempt, nextParams, startNotBefore, nextUpdateToken);
    }

    /** Dispatched and not finished: the runner may still be working on it. */
    public boolean isRunning() {
        return dispatched && !status.isTerminal();
    }
}
