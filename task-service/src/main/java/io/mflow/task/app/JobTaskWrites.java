package io.mflow.task.app;

import io.mflow.task.domain.JobTask;
import io.mflow.task.domain.JobTaskEvent;
import io.mflow.task.domain.Transition;
import java.util.List;

/**
 * Stores a change of a job task with the events it announces, in one version-guarded write, and hands the events to
 * the relay. Every use case that changes a job task goes through here.
 */
public class JobTaskWrites {

    private final JobTasks jobTasks;
    private final OutboxRecords records;
    private final Outbox outbox;
    private final StageChanges stageChanges;

    public JobTaskWrites(JobTasks jobTasks, OutboxRecords records, Outbox outbox, StageChanges stageChanges) {
        this.jobTasks = jobTasks;
        this.records = records;
        this.outbox = outbox;
        this.stageChanges = stageChanges;
    }

    /** @return false when someone else wrote {@code before} first: read it again and decide again */
    public boolean store(JobTask before, Transition.Moved<JobTask, JobTaskEvent> moved) {
        List<OutboxEntry> announced = moved.events().stream().map(records::of).toList();
        if (!jobTasks.update(moved.next(), before.version(), announced)) {
            return false;
        }
        outbox.stored(Outbox.Owner.jobTask(before.id()), before.version(), before.version() + 1, announced);
        if (moved.next().stage() != before.stage()) {
            stageChanges.jobTaskMoved(moved.next().stage());
        }
        return true;
    }
}
