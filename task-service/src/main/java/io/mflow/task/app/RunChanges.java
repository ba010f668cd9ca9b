package io.mflow.task.app;

/**
 * Where news that a run changed is told: the run itself, or one of its job tasks (its stage, a gate, a retry). The
 * news comes from the task events every replica reads, so a change that another replica made reaches the people
 * watching the run here too; whoever shows runs live listens here, and whoever reads the events tells it.
 */
public interface RunChanges {

    /** Something of the run {@code pipelineTaskId} changed; what changed is read from the store. */
    void changed(String pipelineTaskId);
}
