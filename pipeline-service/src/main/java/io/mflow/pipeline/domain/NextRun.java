package io.mflow.pipeline.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides what a pipeline run does next, from the run alone: no clock, no I/O, no mutation, no exceptions.
 *
 * <p>Stages run strictly in order; a stage is done when each of its tasks succeeded, was skipped, or failed with
 * ignoreFailed. Unlike the reference's NextRun, a sibling still running (any non-terminal status) makes the run wait
 * (never fail, never conclude), a concluded run never moves again, and a task is started only once.
 *
 * <p>A task whose turn comes runs with its attempt's params, the run's outputs laid over them; when a required one
 * still has no value, or a value an output laid over it does not fit its param's type, it is rejected instead (reported
 * FAILED, as a runner would, naming the param). A dry run has no outputs: a required
 * param that tasks before it could fill lets it run, with a note saying so. The records that carry a decision out
 * are {@link Decision#announcements}.
 */
public final class NextRun {

    private NextRun() {
    }

    public static Decision decide(PipelineRun run) {
        // A person asked to cancel these tasks: the runner stops them, or keeps them from starting if their RunJob
        // has not come yet, and says so. Carried out even after the run ended, so no task stays CANCELING.
        // So is an attempt on its way of a task a person skipped.
        List<TaskPlan> cancelAsked = run.tasks().stream().filter(task -> {
            TaskProgress progress = run.progressOf(task);
            boolean skippedOnItsWay = progress.status() == TaskStatus.SKIPPED && progress.dispatched();
            return (progress.status() == TaskStatus.CANCELING || skippedOnItsWay) && !progress.cancelSent();
        }).toList();
        if (!cancelAsked.isEmpty()) {
            return new Decision.CancelTasks(cancelAsked);
        }
        if (run.isConcluded() || run.held()) {
            return Decision.WAIT;
        }
        Optional<TaskPlan> canceledTask = run.tasks().stream()
                .filter(task -> run.progressOf(task).status() == TaskStatus.CANCELED).findFirst();
        if (run.cancelRequested() || canceledTask.isPresent()) {
            String reason = run.cancelRequested() ? "canceled on request"
                    : describe(run, canceledTask.get()) + " was canceled";
            return cancel(run, reason);
        }
        Optional<TaskPlan> failed = run.tasks().stream()
                .filter(task -> run.progressOf(task).status() == TaskStatus.FAILED && !task.ignoreFailed()).findFirst();
        if (failed.isPresent()) {
            TaskPlan task = failed.get();
            String message = run.progressOf(task).message();
            return new Decision.Conclude(TaskStatus.FAILED,
                    describe(run, task) + " failed" + (message == null || message.isBlank() ? "" : ": " + message));
        }
        Optional<TaskPlan> denied = run.tasks().stream()
                .filter(task -> task.confirmed() && run.progressOf(task).confirm() == GateStatus.DENY).findFirst();
        if (denied.isPresent()) {
            return new Decision.Conclude(TaskStatus.FAILED, "the result of " + describe(run, denied.get())
                    + " was not confirmed: " + run.progressOf(denied.get()).message());
        }
        for (StagePlan stage : run.stages()) {
            List<TaskPlan> open = stage.tasks().stream().filter(task -> !run.isDone(task)).toList();
            if (!open.isEmpty()) {
                return stage.parallel() ? startAllWaiting(run, open) : startFirstIfIdle(run, open.get(0));
            }
        }
        return new Decision.Conclude(TaskStatus.SUCCEEDED, "all stages succeeded");
    }

    private static Decision startAllWaiting(PipelineRun run, List<TaskPlan> open) {
        return start(run, open.stream().filter(task -> isWaitingToStart(run, task)).toList());
    }

    private static Decision startFirstIfIdle(PipelineRun run, TaskPlan next) {
        return isWaitingToStart(run, next) ? start(run, List.of(next)) : Decision.WAIT;
    }

    /**
     * Starts the tasks whose audit lets them, or rejects those a required param of which has no value; the turn of
     * the others is announced once, and they wait.
     */
    private static Decision start(PipelineRun run, List<TaskPlan> due) {
        List<TaskToRun> toStart = new ArrayList<>();
        List<TaskToReject> toReject = new ArrayList<>();
        for (TaskPlan task : due.stream().filter(run::isCleared).toList()) {
            String attemptId = TaskToRun.attemptIdOf(run, task);
            RunParamSet params = run.paramsOf(task);
            List<String> missing = params.missingRequired();
            List<TaskPlan> before = run.tasksBefore(task);
            // the run's request was checked against the types; an earlier job's output is first seen here
            List<String> misfits = params.typeProblems();
            if (!misfits.isEmpty()) {
                toReject.add(new TaskToReject(attemptId, task, "job task " + task.name() + " cannot run: "
                        + String.join("; ", misfits)));
            } else if (missing.isEmpty()) {
                toStart.add(new TaskToRun(attemptId, task, params, null));
            } else if (run.dryRun() && !before.isEmpty() && params.missingBeyondOutputs().isEmpty()) {
                // a dry run has no outputs: a param the tasks before it could fill is noted as coming from them
                toStart.add(new TaskToRun(attemptId, task, params, String.join(", ", missing) + " from output of "
                        + String.join(" or ", before.stream().map(TaskPlan::name).toList())));
            } else {
                toReject.add(new TaskToReject(attemptId, task, "job task " + task.name() + " cannot run: required param "
                        + String.join(", ", missing) + " has no value"));
            }
        }
        List<TaskPlan> toAnnounce = due.stream()
                .filter(task -> !run.isCleared(task) && !run.progressOf(task).turnAnnounced()
                        && run.progressOf(task).audit() != GateStatus.DENY).toList();
        return toStart.isEmpty() && toReject.isEmpty() && toAnnounce.isEmpty() ? Decision.WAIT
                : new Decision.Start(toStart, toReject, toAnnounce);
    }

    private static boolean isWaitingToStart(PipelineRun run, TaskPlan task) {
        TaskProgress progress = run.progressOf(task);
        return !progress.dispatched() && progress.status() == TaskStatus.PENDING;
    }

    private static Decision cancel(PipelineRun run, String reason) {
        List<TaskPlan> toCancel = run.tasks().stream().filter(task -> {
            TaskProgress progress = run.progressOf(task);
            return !progress.status().isTerminal() && !progress.cancelSent();
        }).toList();
        // The run ends only once every task has: a task's cancel is done when its runner says so, also for a task
        // that never started, so nobody sees a canceled run with a task of it still pending.
        boolean allEnded = run.tasks().stream().allMatch(task -> run.progressOf(task).status().isTerminal());
        if (toCancel.isEmpty()) {
            return allEnded ? new Decision.Conclude(TaskStatus.CANCELED, reason) : Decision.WAIT;
        }
        return new Decision.CancelTasks(toCancel);
    }

    private static String describe(PipelineRun run, TaskPlan task) {
        return "job task " + task.name() + " of stage " + run.stageOf(task).map(StagePlan::name).orElse("?");
    }
}
