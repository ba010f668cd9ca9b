package io.mflow.task.app;

import io.mflow.platform.aggregate.AggregateChanges;
import io.mflow.platform.aggregate.Changed;
import io.mflow.platform.change.Change;
import io.mflow.task.domain.PipelineTask;
import io.mflow.task.domain.PipelineTaskEvent;
import io.mflow.task.domain.Stage;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/** Applies pipeline-service's conclusion of a run, or a user's cancel. */
public class ReportPipelineTaskStatus {

    private final AggregateChanges<PipelineTask, PipelineTaskEvent> pipelineTasks;
    private final Clock clock;

    public ReportPipelineTaskStatus(AggregateChanges<PipelineTask, PipelineTaskEvent> pipelineTasks, Clock clock) {
        this.pipelineTasks = pipelineTasks;
        this.clock = clock;
    }

    public ReportOutcome<PipelineTask> report(String pipelineTaskId, String reportId, Stage stage, String message,
                                              Instant at) {
        Optional<Changed<PipelineTask, PipelineTaskEvent>> changed = pipelineTasks.change(pipelineTaskId,
                task -> task.hasApplied(reportId) ? Change.unchanged()
                        : task.moveTo(stage, reportId, message, at != null ? at : clock.instant()));
        if (changed.isEmpty()) {
            return new ReportOutcome.Refused<>(ReportOutcome.Refusal.UNKNOWN_TASK,
                    "no pipeline task with id " + pipelineTaskId);
        }
        return ReportOutcome.of(changed.get(), code -> ReportOutcome.Refusal.NOT_ALLOWED);
    }

    /** A user's cancel asks the run to stop; pipeline-service stops its tasks and reports CANCELED. */
    public PipelineTask cancel(String pipelineTaskId) {
        Instant now = clock.instant();
        return RequestRefused.unlessRefused(pipelineTasks.change(pipelineTaskId,
                task -> task.moveTo(Stage.CANCELING, null, "canceled by a user", now)),
                "pipeline task with id " + pipelineTaskId);
    }
}
