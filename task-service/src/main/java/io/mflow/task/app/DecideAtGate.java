package io.mflow.task.app;

import io.mflow.platform.aggregate.AggregateChanges;
import io.mflow.platform.change.Change;
import io.mflow.task.domain.Actor;
import io.mflow.task.domain.Gate;
import io.mflow.task.domain.GateOutcome;
import io.mflow.task.domain.JobTask;
import io.mflow.task.domain.JobTaskEvent;
import io.mflow.task.domain.Verdict;
import java.time.Clock;

/** A person's decision at the audit or the confirmation of a job task. */
public class DecideAtGate {

    private final AggregateChanges<JobTask, JobTaskEvent> jobTasks;
    private final Clock clock;

    public DecideAtGate(AggregateChanges<JobTask, JobTaskEvent> jobTasks, Clock clock) {
        this.jobTasks = jobTasks;
        this.clock = clock;
    }

    /** @return the task with the decision recorded; refused (403, 400, 409) as the gate's rules say */
    public JobTask decide(String jobTaskId, Gate.Kind gate, Actor actor, Verdict verdict, String comment) {
        return RequestRefused.unlessRefused(jobTasks.change(jobTaskId, task -> {
            GateOutcome<Change.Moved<JobTask, JobTaskEvent>> outcome = task.decide(gate, actor, verdict, comment,
                    clock.instant());
            if (outcome instanceof GateOutcome.Refused<Change.Moved<JobTask, JobTaskEvent>> refused) {
                return Change.refused(switch (refused.refusal()) {
                    case FORBIDDEN -> RequestRefused.FORBIDDEN_CODE;
                    case INVALID -> RequestRefused.INVALID_CODE;
                    case CONFLICT -> null;
                }, refused.reason());
            }
            return ((GateOutcome.Decided<Change.Moved<JobTask, JobTaskEvent>>) outcome).next();
        }), "job task with id " + jobTaskId);
    }
}
