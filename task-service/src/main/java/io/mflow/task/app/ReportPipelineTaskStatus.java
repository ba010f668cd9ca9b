package io.mflow.task.app;

import io.mflow.platform.outbox.OutboxEntry;
import io.mflow.task.domain.PipelineTask;
import io.mflow.task.domain.PipelineTaskEvent;
import io.mflow.task.domain.Stage;
import io.mflow.task.domain.Transition;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Applies pipeline-service's conclusion of a run, or a user's cancel. */
public class ReportPipelineTaskStatus {

    private static final int ATTEMPTS = 10;

    private final PipelineTasks pipelineTasks;
    private final OutboxRecords records;
    private final Outbox outbox;
    private final StageChanges stageChanges;
    private final Clock clock;

    public ReportPipelineTaskStatus(PipelineTasks pipelineTasks, OutboxRecords records, Outbox outbox,
                                    StageChanges stageChanges, Clock clock) {
        this.pipelineTasks = pipelineTasks;
        this.stageChanges = stageChanges;
        this.records = records;
        this.outbox = outbox;
        this.clock = clock;
    }

    public ReportOutcome<PipelineTask> report(String pipelineTaskId, String reportId, Stage stage, String message,
                                              Instant at) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<PipelineTask> found = pipelineTasks.byId(pipelineTaskId);
            if (found.isEmpty()) {
                return new ReportOutcome.Refused<>(ReportOutcome.Refusal.UNKNOWN_TASK,
                        "no pipeline task with id " + pipelineTaskId);
            }
            PipelineTask task = found.get();
            if (task.hasApplied(reportId)) {
                return new ReportOutcome.Ignored<>(task);
            }
            Transition<PipelineTask, PipelineTaskEvent> transition = task.moveTo(stage, reportId, message,
                    at != null ? at : clock.instant());
            if (transition instanceof Transition.Rejected<PipelineTask, PipelineTaskEvent> rejected) {
                return new ReportOutcome.Refused<>(ReportOutcome.Refusal.NOT_ALLOWED, rejected.reason());
            }
            if (!(transition instanceof Transition.Moved<PipelineTask, PipelineTaskEvent> moved)) {
                return new ReportOutcome.Ignored<>(task);
            }
            List<OutboxEntry> announced = moved.events().stream().map(records::of).toList();
            if (pipelineTasks.update(moved.next(), task.version(), announced)) {
                outbox.stored(Outbox.Owner.pipelineTask(pipelineTaskId), task.version(), task.version() + 1, announced);
                stageChanges.pipelineTaskMoved(stage);
                return new ReportOutcome.Applied<>(moved.next());
            }
        }
        throw new IllegalStateException("pipeline task " + pipelineTaskId + " kept changing under " + ATTEMPTS
                + " attempts");
    }

    /** A user's cancel asks the run to stop; pipeline-service stops its tasks and reports CANCELED. */
    public PipelineTask cancel(String pipelineTaskId) {
        ReportOutcome<PipelineTask> outcome = report(pipelineTaskId, null, Stage.CANCELING, "canceled by a user",
                clock.instant());
        if (outcome instanceof ReportOutcome.Refused<PipelineTask> refused) {
            if (refused.refusal() == ReportOutcome.Refusal.UNKNOWN_TASK) {
                throw RequestRefused.notFound(refused.reason());
            }
            throw new RequestRefused(RequestRefused.Reason.CONFLICT, refused.reason());
        }
        if (outcome instanceof ReportOutcome.Applied<PipelineTask> applied) {
            return applied.task();
        }
        return ((ReportOutcome.Ignored<PipelineTask>) outcome).task();
    }
}
