package io.mflow.task.app;

import io.mflow.task.domain.Actor;
import io.mflow.task.domain.JobTask;
import io.mflow.task.domain.JobTaskEvent;
import io.mflow.task.domain.Transition;
import java.time.Clock;

/**
 * A person cancels one job task. It goes CANCELING and its run's driver has the runner stop it (or keep it from
 * starting); the runner's CANCELED report ends it, and a pipeline run then goes CANCELED.
 */
public class CancelJobTask {

    private static final int ATTEMPTS = 10;

    private final JobTasks jobTasks;
    private final RecentJobTasks recent;
    private final JobTaskWrites writes;
    private final Clock clock;

    public CancelJobTask(JobTasks jobTasks, RecentJobTasks recent, JobTaskWrites writes, Clock clock) {
        this.jobTasks = jobTasks;
        this.recent = recent;
        this.writes = writes;
        this.clock = clock;
    }

    public JobTask cancel(String jobTaskId, Actor actor, String reason) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            JobTask task = jobTasks.byId(jobTaskId)
                    .orElseThrow(() -> RequestRefused.notFound("no job task with id " + jobTaskId));
            Transition<JobTask, JobTaskEvent> transition = task.cancel(actor, reason, clock.instant());
            if (transition instanceof Transition.Rejected<JobTask, JobTaskEvent> rejected) {
                throw new RequestRefused(RequestRefused.Reason.CONFLICT, rejected.reason());
            }
            if (!(transition instanceof Transition.Moved<JobTask, JobTaskEvent> moved)) {
                return task; // asked already
            }
            recent.forget(jobTaskId);
            if (writes.store(task, moved)) {
                return moved.next().atVersion(task.version() + 1);
            }
        }
        throw new RequestRefused(RequestRefused.Reason.CONFLICT, "job task " + jobTaskId + " kept changing; try again");
    }
}
