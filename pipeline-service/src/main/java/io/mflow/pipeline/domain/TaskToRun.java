package io.mflow.pipeline.domain;

/** A task the decision starts, with the attempt id derived from the run so a replayed decision repeats it. */
public record TaskToRun(String attemptId, TaskPlan task) {

    /** Its current attempt in this run: the first, or the one a person's retry opened. */
    public static TaskToRun currentAttemptOf(PipelineRun run, TaskPlan task) {
        return new TaskToRun(attemptIdOf(run, task), task);
    }

    public static String attemptIdOf(PipelineRun run, TaskPlan task) {
        return task.jobTaskId() + "#" + run.progressOf(task).attempt();
    }
}
