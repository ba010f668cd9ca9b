package io.mflow.task.app;

import io.mflow.task.domain.Actor;
import io.mflow.task.domain.Gate;
import io.mflow.task.domain.GateOutcome;
import io.mflow.task.domain.JobTask;
import io.mflow.task.domain.JobTaskEvent;
import io.mflow.task.domain.Transition;
import io.mflow.task.domain.Verdict;
import java.time.Clock;

/** A person's decision at the audit or the confirmation of a job task. */
public class DecideAtGate {

    private static final int ATTEMPTS = 10;

    private final JobTasks jobTasks;
    private final RecentJobTasks recent;
    private final JobTaskWrites writes;
    private final Clock clock;

    public DecideAtGate(JobTasks jobTasks, RecentJobTasks recent, JobTaskWrites writes, Clock clock) {
        this.jobTasks = jobTasks;
        this.recent = recent;
        this.writes = writes;
        this.clock = clock;
    }

    /** @return the task with the decision recorded; refused (403, 400, 409) as the gate's rules say */
    public JobTask decide(String jobTaskId, Gate.Kind gate, Actor actor, Verdict verdict, String comment) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            JobTask task = jobTasks.byId(jobTaskId)
                    .orElseThrow(() -> RequestRefused.notFound("no job task with id " + jobTaskId));
            GateOutcome<Transition.Moved<JobTask, JobTaskEvent>> outcome = task.decide(gate, actor, verdict, comment,
                    clock.instant());
            if (outcome instanceof GateOutcome.Refused<Transition.Moved<JobTask, JobTaskEvent>> refused) {
                throw new RequestRefused(switch (refused.refusal()) {
                    case FORBIDDEN -> RequestRefused.Reason.FORBIDDEN;
                    case INVALID -> RequestRefused.Reason.INVALID;
                    case CONFLICT -> RequestRefused.Reason.CONFLICT;
                }, refused.reason());
            }
            Transition.Moved<JobTask, JobTaskEvent> moved =
                    ((GateOutcome.Decided<Transition.Moved<JobTask, JobTaskEvent>>) outcome).next();
            recent.forget(jobTaskId);
            if (writes.store(task, moved)) {
                return moved.next().atVersion(task.version() + 1);
            }
        }
        throw new RequestRefused(RequestRefused.Reason.CONFLICT, "job task " + jobTaskId
                + " kept changing; try again");
    }
}
