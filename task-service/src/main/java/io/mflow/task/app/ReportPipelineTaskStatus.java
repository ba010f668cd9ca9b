package io.mflow.task.app;

import io.mflow.platform.aggregate.AggregateChanges;
import io.mflow.platform.aggregate.Changed;
import io.mflow.platform.change.Change;
import io.mflow.task.domain.Lane;
import io.mflow.task.domain.PipelineTask;
import io.mflow.task.domain.PipelineTaskEvent;
import io.mflow.task.domain.Status;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/** Applies pipeline-service's conclusion of a run, or a user's cancel. */
public class ReportPipelineTaskStatus {

    private final AggregateChanges<PipelineTask, PipelineTaskEvent> pipelineTasks;
    private final Clock clock;
    private final LaneTurns laneTurns;

    public ReportPipelineTaskStatus(AggregateChanges<PipelineTask, PipelineTaskEvent> pipelineTasks, Clock clock) {
        this(pipelineTasks, clock, null);
    }

    /** @param laneTurns told of every run that ends, so that its lane lets the next one go (null: no lanes) */
    public ReportPipelineTaskStatus(AggregateChanges<PipelineTask, PipelineTaskEvent> pipelineTasks, Clock clock,
                                    LaneTurns laneTurns) {
        this.pipelineTasks = pipelineTasks;
        this.clock = clock;
        this.laneTurns = laneTurns;
    }

    public ReportOutcome<PipelineTask> report(String pipelineTaskId, String reportId, Status stage, String message,
                                              Instant at) {
        Optional<Changed<PipelineTask, PipelineTaskEvent>> changed = pipelineTasks.change(pipelineTaskId,
                task -> task.hasApplied(reportId) ? Change.unchanged()
                        : task.moveTo(stage, reportId, message, at != null ? at : clock.instant()));
        if (changed.isEmpty()) {
            return new ReportOutcome.Refused<>(ReportOutcome.Refusal.UNKNOWN_TASK,
                    "no pipeline task with id " + pipelineTaskId);
        }
        leaveLaneIfEnded(changed.get().aggregate());
        return ReportOutcome.of(changed.get(), code -> ReportOutcome.Refusal.NOT_ALLOWED);
    }

    /**
     * Also on a duplicate report of the end: the lane step that a crash cut short after the run's write is done then
     * (leaving is harmless to repeat).
     */
    private void leaveLaneIfEnded(PipelineTask task) {
        if (laneTurns != null && task.inLane() && Lane.letsGo(task.stage())) {
            laneTurns.leave(task);
        }
    }

    /**
     * A user's cancel asks the run to stop; pipeline-service stops its tasks and reports CANCELED. A queued run is
     * CANCELED at once and leaves its lane's line.
     */
    public PipelineTask cancel(String pipelineTaskId) {
        Instant now = clock.instant();
        PipelineTask task = RequestRefused.unlessRefused(pipelineTasks.change(pipelineTaskId,
                run -> run.cancel(now)), "pipeline task with id " + pipelineTaskId);
        leaveLaneIfEnded(task);
        return task;
    }
}
