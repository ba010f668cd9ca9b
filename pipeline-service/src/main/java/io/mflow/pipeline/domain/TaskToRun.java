package io.mflow.pipeline.domain;

/**
 * A task the decision starts, with the attempt id derived from the run so a replayed decision repeats it, and the
 * params it runs with: its attempt's params with the run's outputs laid over them. {@code dryRunNote}: in a dry run,
 * which required params only the output of tasks before it would fill (null when none).
 */
public record TaskToRun(String attemptId, TaskPlan task, RunParamSet params, String dryRunNote) {

    public static String attemptIdOf(PipelineRun run, TaskPlan task) {
        return task.jobTaskId() + "#" + run.progressOf(task).attempt();
    }
}
