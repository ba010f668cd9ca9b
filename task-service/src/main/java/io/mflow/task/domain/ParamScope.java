package io.mflow.task.domain;

/**
 * Which tasks of a pipeline run a run param reaches (the reference's {@code param_scope}, whose
 * {@code GetTaskParams(stage, task)} this follows), by a stage's and a task's name or 1-based number. An empty
 * {@code stage} (or {@code *}, or {@code 0}) reaches every task; a stage and an empty {@code task} every task of that
 * stage; both, that one task.
 */
public record ParamScope(String stage, String task) {

    public static final ParamScope EVERYWHERE = new ParamScope(null, null);

    public ParamScope {
        stage = stage == null ? null : stage.trim();
        task = task == null ? null : task.trim();
    }

    public boolean isEverywhere() {
        return isAny(stage);
    }

    /** Whether it reaches the task {@code taskName}, number {@code taskNumber} of stage {@code stageName}, number {@code stageNumber}. */
    public boolean reaches(String stageName, int stageNumber, String taskName, int taskNumber) {
        if (isAny(stage)) {
            return true;
        }
        if (!names(stage, stageName, stageNumber)) {
            return false;
        }
        return isAny(task) || names(task, taskName, taskNumber);
    }

    /** Why it names a stage or a task the pipeline does not have, or null when it reaches one. */
    public String problemIn(Pipeline pipeline) {
        if (isAny(stage)) {
            return isAny(task) ? null : "a scope that names a task needs its stage";
        }
        for (int s = 0; s < pipeline.stages().size(); s++) {
            Pipeline.StageDefinition candidate = pipeline.stages().get(s);
            if (!names(stage, candidate.name(), s + 1)) {
                continue;
            }
            if (isAny(task)) {
                return null;
            }
            for (int t = 0; t < candidate.tasks().size(); t++) {
                if (names(task, candidate.tasks().get(t).name(), t + 1)) {
                    return null;
                }
            }
            return "stage '" + candidate.name() + "' has no task '" + task + "'";
        }
        return "the pipeline has no stage '" + stage + "'";
    }

    private static boolean isAny(String part) {
        return part == null || part.isEmpty() || part.equals("*") || part.equals("0");
    }

    /** A name wins over a number: a stage named "2" is that stage, whatever its place. */
    private static boolean names(String part, String name, int number) {
        return part.equals(name) || part.equals(Integer.toString(number));
    }

    @Override
    public String toString() {
        return isAny(stage) ? "every task" : isAny(task) ? "stage " + stage : "stage " + stage + " task " + task;
    }
}
