package io.mflow.pipeline.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What to do next with a pipeline run (see {@link NextRun}), and the records that carry it out
 * ({@link #announcements}).
 */
public sealed interface Decision {

    Decision WAIT = new Wait();

    /**
     * What the run announces to carry the decision out.
     *
     * @param run      the run the decision was taken on
     * @param causedAt when the fact that led to the decision happened, or null (see {@link Outgoing})
     */
    List<Outgoing> announcements(PipelineRun run, Instant now, Instant causedAt);

    /**
     * Start {@code tasks}; report {@code rejected} FAILED, since they cannot run; and tell task-service that the turn
     * of {@code awaitingAudit} came, so they wait for their auditors (each is told once).
     */
    record Start(List<TaskToRun> tasks, List<TaskToReject> rejected, List<TaskPlan> awaitingAudit)
            implements Decision {
        public Start {
            tasks = List.copyOf(tasks);
            rejected = List.copyOf(rejected);
            awaitingAudit = List.copyOf(awaitingAudit);
        }

        @Override
        public List<Outgoing> announcements(PipelineRun run, Instant now, Instant causedAt) {
            List<Outgoing> out = new ArrayList<>();
            // in the plan's order, started and rejected alike
            for (TaskPlan task : run.tasks()) {
                tasks.stream().filter(toRun -> toRun.task().equals(task)).forEach(toRun -> out.add(
                        new Outgoing.RunJob(toRun.attemptId(), run.pipelineTaskIdToTell(),
                                task.withUpdateToken(run.updateTokenOf(task)), toRun.params().params(),
                                run.dryRun(), toRun.dryRunNote(), run.progressOf(task).notBefore(), run.labels(), now,
                                causedAt)));
                rejected.stream().filter(toReject -> toReject.task().equals(task)).forEach(toReject -> out.add(
                        new Outgoing.JobTaskRejected(toReject.attemptId(), task.jobTaskId(), run.pipelineTaskIdToTell(),
                                run.updateTokenOf(task), toReject.reason(), now, causedAt)));
            }
            for (TaskPlan task : awaitingAudit) {
                out.add(new Outgoing.TurnCame(task.jobTaskId(), run.pipelineTaskIdToTell(), now, causedAt));
            }
            return out;
        }
    }

    record Wait() implements Decision {
        @Override
        public List<Outgoing> announcements(PipelineRun run, Instant now, Instant causedAt) {
            return List.of();
        }
    }

    /** A job run on its own has no pipeline task to tell: its task's own end is all there is to know. */
    record Conclude(TaskStatus status, String message) implements Decision {
        @Override
        public List<Outgoing> announcements(PipelineRun run, Instant now, Instant causedAt) {
            return run.standalone() ? List.of()
                    : List.of(new Outgoing.RunConcluded(run.pipelineTaskId(), status, message, now, run.resumes(),
                            causedAt));
        }
    }

    /**
     * Cancel these tasks; the run concludes in a later decision, once they ended (their runners say so), so nobody
     * sees a canceled run with a task of it still running.
     */
    record CancelTasks(List<TaskPlan> tasks) implements Decision {
        public CancelTasks {
            tasks = List.copyOf(tasks);
        }

        @Override
        public List<Outgoing> announcements(PipelineRun run, Instant now, Instant causedAt) {
            return tasks.stream().<Outgoing>map(task -> new Outgoing.CancelJob(TaskToRun.attemptIdOf(run, task),
                    task.jobTaskId(), run.pipelineTaskIdToTell(), run.updateTokenOf(task), "the pipeline run is being canceled",
                    now, causedAt)).toList();
        }
    }
}
