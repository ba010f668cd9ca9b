package io.mflow.task.app;

import io.mflow.task.domain.JobTask;
import io.mflow.task.domain.Pipeline;
import io.mflow.task.domain.PipelineTask;
import io.mflow.task.domain.Retention;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Keeps history within bounds: a person removes one finished run ({@link #forget}), and every replica's sweep removes
 * finished runs past the retention's age or count, and single job tasks and trigger records past its age
 * ({@link #sweep}). Removed are the
 * run, its job tasks, their logs and notice results; nothing is announced, since each service keeps and bounds its
 * own copies (pipeline-, runner- and notify-service sweep theirs by age).
 */
public class ForgetRuns {

    private final PipelineTasks pipelineTasks;
    private final JobTasks jobTasks;
    private final Pipelines pipelines;
    private final RunHistory history;
    private final Retention retention;
    private final Clock clock;

    public ForgetRuns(PipelineTasks pipelineTasks, JobTasks jobTasks, Pipelines pipelines, RunHistory history,
                      Retention retention, Clock clock) {
        this.pipelineTasks = pipelineTasks;
        this.jobTasks = jobTasks;
        this.pipelines = pipelines;
        this.history = history;
        this.retention = retention;
        this.clock = clock;
    }

    /**
     * Removes one finished run for a caller with {@code access}: 404 when there is none, 403 outside the namespace of
     * its pipeline (a run of a removed pipeline: a DEVELOPER of every namespace only), 409 while it has not ended.
     */
    public void forget(String pipelineTaskId, Access access) {
        PipelineTask run = pipelineTasks.byId(pipelineTaskId)
                .orElseThrow(() -> RequestRefused.notFound("no pipeline task with id " + pipelineTaskId));
        String namespace = pipelines.byId(run.pipelineId()).map(Pipeline::namespace).orElse(null);
        if (namespace == null && !access.everywhere()) {
            throw new RequestRefused(RequestRefused.Reason.FORBIDDEN, "the pipeline of run " + pipelineTaskId
                    + " was removed: only a DEVELOPER of every namespace may remove its runs");
        }
        if (namespace != null) {
            access.check(namespace, "remove runs");
        }
        if (!Retention.mayRemove(run.stage())) {
            throw new RequestRefused(RequestRefused.Reason.CONFLICT, "pipeline task " + pipelineTaskId + " is "
                    + run.stage() + ": only a run that has ended may be removed (cancel it or let it end first)");
        }
        if (!remove(pipelineTaskId)) {
            throw new RequestRefused(RequestRefused.Reason.CONFLICT, "pipeline task " + pipelineTaskId
                    + " changed while it was being removed; ask again");
        }
    }

    /** One turn of every replica's sweep; how many runs and single job tasks it removed. */
    public int sweep() {
        return sweepAt(clock.instant());
    }

    /** The sweep as at {@code now}: at most the retention's batch of removals, the oldest first. */
    public int sweepAt(Instant now) {
        Instant cutoff = retention.cutoff(now);
        int removed = 0;
        for (String id : history.finishedBefore(cutoff, retention.batch())) {
            removed += remove(id) ? 1 : 0;
        }
        int left = retention.batch() - removed;
        if (left > 0) {
            for (String id : history.beyondNewest(retention.maxCount(), left)) {
                removed += remove(id) ? 1 : 0;
            }
        }
        left = retention.batch() - removed;
        if (left > 0) {
            for (JobTask single : history.singleJobTasksFinishedBefore(cutoff, left)) {
                removed += history.remove(single) ? 1 : 0;
            }
        }
        left = retention.batch() - removed;
        if (left > 0) {
            removed += history.removeTriggerRecordsBefore(cutoff, left);
        }
        return removed;
    }

    /** Looks once more right before: a failed run retried since the sweep found it is active again, and stays. */
    private boolean remove(String pipelineTaskId) {
        if (pipelineTasks.byId(pipelineTaskId).filter(run -> Retention.mayRemove(run.stage())).isEmpty()) {
            return false;
        }
        List<JobTask> ofRun = jobTasks.ofPipelineTasks(List.of(pipelineTaskId));
        return history.remove(pipelineTaskId, ofRun);
    }
}
