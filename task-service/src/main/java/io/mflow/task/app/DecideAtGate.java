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

    private final JobTaskWrites writes;
    private final Clock clock;

    public DecideAtGate(JobTaskWrites writes, Clock clock) {
        this.writes = writes;
        this.clock = clock;
    }

    /** @return the task with the decision recorded; refused (403, 400, 409) as the gate's rules say */
    public JobTask decide(String jobTaskId, Gate.Kind gate, Actor actor, Verdict verdict, String comment) {
        return writes.change(jobTaskId, task -> {
            GateOutcome<Transition.Moved<JobTask, JobTaskEvent>> outcome = task.decide(gate, actor, verdict, comment,
                    clock.instant());
            if (outcome instanceof GateOutcome.Refused<Transition.Moved<JobTask, JobTaskEvent>> refused) {
                throw new RequestRefused(switch (refused.refusal()) {
                    case FORBIDDEN -> RequestRefused.Reason.FORBIDDEN;
                    case INVALID -> RequestRefused.Reason.INVALID;
                    case CONFLICT -> RequestRefused.Reason.CONFLICT;
                }, refused.reason());
            }
            return ((GateOutcome.Decided<Transition.Moved<JobTask, JobTaskEvent>>) outcome).next();
        });
    }
}
