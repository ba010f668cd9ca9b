package io.mflow.task.app;

import io.mflow.platform.outbox.OutboxEntry;
import io.mflow.task.domain.JobTask;
import io.mflow.task.domain.JobTaskEvent;
import io.mflow.task.domain.Transition;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Stores a change of a job task with the events it announces, in one version-guarded write, and hands the events to
 * the relay. Every use case that changes a job task goes through here.
 */
public class JobTaskWrites {

    private static final int ATTEMPTS = 10;

    private final JobTasks jobTasks;
    private final RecentJobTasks recent;
    private final OutboxRecords records;
    private final Outbox outbox;
    private final StageChanges stageChanges;

    public JobTaskWrites(JobTasks jobTasks, RecentJobTasks recent, OutboxRecords records, Outbox outbox,
                         StageChanges stageChanges) {
        this.jobTasks = jobTasks;
        this.recent = recent;
        this.records = records;
        this.outbox = outbox;
        this.stageChanges = stageChanges;
    }

    /**
     * A person's change of a job task, from the REST API: read, decide, write, and again if someone wrote first.
     *
     * @return the task as stored after the change, or as it was when the change changes nothing
     * @throws RequestRefused 404 for an unknown task, 409 for a change its stage does not allow
     */
    public JobTask change(String jobTaskId, Function<JobTask, Transition<JobTask, JobTaskEvent>> change) {
        return changeIfPresent(jobTaskId, change)
                .orElseThrow(() -> RequestRefused.notFound("no job task with id " + jobTaskId));
    }

    /** As {@link #change}, but an unknown task is an empty answer, for callers that are not a person's request. */
    public Optional<JobTask> changeIfPresent(String jobTaskId,
                                             Function<JobTask, Transition<JobTask, JobTaskEvent>> change) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<JobTask> found = jobTasks.byId(jobTaskId);
            if (found.isEmpty()) {
                return found;
            }
            JobTask task = found.get();
            Transition<JobTask, JobTaskEvent> transition = change.apply(task);
            if (transition instanceof Transition.Rejected<JobTask, JobTaskEvent> rejected) {
                throw new RequestRefused(RequestRefused.Reason.CONFLICT, rejected.reason());
            }
            if (!(transition instanceof Transition.Moved<JobTask, JobTaskEvent> moved)) {
                return found;
            }
            recent.forget(jobTaskId);
            if (store(task, moved)) {
                return Optional.of(moved.next().atVersion(task.version() + 1));
            }
        }
        throw new RequestRefused(RequestRefused.Reason.CONFLICT, "job task " + jobTaskId + " kept changing; try again");
    }

    /** @return false when someone else wrote {@code before} first: read it again and decide again */
    public boolean store(JobTask before, Transition.Moved<JobTask, JobTaskEvent> moved) {
        List<OutboxEntry> announced = moved.events().stream().map(records::of).toList();
        if (!jobTasks.update(moved.next(), before.version(), announced)) {
            recent.forget(before.id());
            return false;
        }
        outbox.stored(Outbox.Owner.jobTask(before.id()), before.version(), before.version() + 1, announced);
        if (moved.next().stage() != before.stage()) {
            stageChanges.jobTaskMoved(moved.next().stage());
        }
        return true;
    }
}
