package io.mflow.task.app;

import io.mflow.task.domain.JobTask;
import java.time.Instant;
import java.util.List;

/**
 * What retention asks of the store: which finished runs and single job tasks are due to go, and their removal with
 * everything kept for them (job tasks, logs, notice results). Every removal is idempotent, so replicas sweeping at
 * once, or a sweep after a crash halfway through one, only finish what is left.
 */
public interface RunHistory {

    /** Up to {@code limit} ids of runs in a final stage that finished before {@code cutoff}, oldest first. */
    List<String> finishedBefore(Instant cutoff, int limit);

    /** Up to {@code limit} ids of finished runs that have at least {@code keep} newer finished runs of their pipeline. */
    List<String> beyondNewest(int keep, int limit);

    /** Up to {@code limit} job tasks run on their own (no pipeline task) that ended before {@code cutoff}. */
    List<JobTask> singleJobTasksFinishedBefore(Instant cutoff, int limit);

    /**
     * Removes the job tasks given with their logs and notice results, then the run itself, the last only while it is
     * still in a final stage: a crash in between leaves the run, which the next removal finishes.
     *
     * @return false when the run was not removed (it is gone already, or moved out of its final stage)
     */
    boolean remove(String pipelineTaskId, List<JobTask> jobTasks);

    /** Removes a single job task, with its logs and notice results, while it is in a final stage. */
    boolean remove(JobTask singleJobTask);

    /** Removes up to {@code limit} trigger records received before {@code cutoff}, oldest first; how many. */
    int removeTriggerRecordsBefore(Instant cutoff, int limit);
}
