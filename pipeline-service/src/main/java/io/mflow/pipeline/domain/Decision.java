package io.mflow.pipeline.domain;

import java.util.List;
import java.util.Optional;

/** What to do next with a pipeline run; see {@link NextRun}. */
public sealed interface Decision {

    Decision WAIT = new Wait();

    /**
     * Start these tasks; and tell task-service that the turn of {@code awaitingAudit} came, so they wait for their
     * auditors (each is told once).
     */
    record Start(List<TaskToRun> tasks, List<TaskPlan> awaitingAudit) implements Decision {
        public Start {
            tasks = List.copyOf(tasks);
            awaitingAudit = List.copyOf(awaitingAudit);
        }

        public Start(List<TaskToRun> tasks) {
            this(tasks, List.of());
        }
    }

    record Wait() implements Decision {
    }

    record Conclude(TaskStatus status, String message) implements Decision {
    }

    /** Cancel these tasks; conclude too when nothing dispatched is still running. */
    record CancelTasks(List<TaskPlan> tasks, Optional<Conclude> conclusion) implements Decision {
        public CancelTasks {
            tasks = List.copyOf(tasks);
        }
    }
}
