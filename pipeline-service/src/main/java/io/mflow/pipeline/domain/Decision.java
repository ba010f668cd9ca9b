package io.mflow.pipeline.domain;

import java.util.List;
import java.util.Optional;

/** What to do next with a pipeline run; see {@link NextRun}. */
public sealed interface Decision {

    Decision WAIT = new Wait();

    record Start(List<TaskToRun> tasks) implements Decision {
        public Start {
            tasks = List.copyOf(tasks);
        }
    }

    record Wait() implements Decision {
    }

    record Conclude(TaskStage stage, String message) implements Decision {
    }

    /** Cancel these tasks; conclude too when nothing dispatched is still running. */
    record CancelTasks(List<TaskPlan> tasks, Optional<Conclude> conclusion) implements Decision {
        public CancelTasks {
            tasks = List.copyOf(tasks);
        }
    }
}
