package io.mflow.pipeline.domain;

/** A task the decision starts, with the attempt id derived from the run so a replayed decision repeats it. */
public record TaskToRun(String attemptId, TaskPlan task) {

    public static TaskToRun firstAttemptOf(TaskPlan task) {
        return new TaskToRun(attemptIdOf(task), task);
    }

    public static String attemptIdOf(TaskPlan task) {
        // one attempt per task and run for now: a retry feature would count attempts in TaskProgress
        return task.jobTaskId() + "#1";
    }
}
