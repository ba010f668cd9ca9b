package io.mflow.pipeline.domain;

import java.util.List;

/** One stage of the plan: its tasks in definition order, run all at once when parallel, else one after another. */
public record StagePlan(String name, boolean parallel, List<TaskPlan> tasks) {

    public StagePlan {
        tasks = List.copyOf(tasks);
    }
}
