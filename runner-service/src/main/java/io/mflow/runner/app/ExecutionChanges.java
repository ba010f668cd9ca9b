package io.mflow.runner.app;

import io.mflow.platform.aggregate.AggregateChanges;
import io.mflow.platform.aggregate.AggregateStore;
import io.mflow.platform.aggregate.EventEncoder;
import io.mflow.platform.outbox.Relay;
import io.mflow.runner.domain.Execution;
import io.mflow.runner.domain.Report;

/**
 * How runner-service changes its executions: through the platform's seam, remembering each one as it was last
 * written while it is unsettled. An attempt is written three times in a row (claimed, started, finished) by the
 * watcher of its process, a cancel and recovery, and the next write can be decided on what the last one stored,
 * without a read; a settled execution is written no more, so only what is in flight is kept. Every report goes out in
 * the trace of the RunJob that asked for the attempt, whichever thread or instance reports it.
 */
public final class ExecutionChanges {

    private ExecutionChanges() {
    }

    /** @param kind the executions' collection, which the relay's outbox store finds their outboxes in */
    public static AggregateChanges<Execution, Report> of(String kind, AggregateStore<Execution> store,
            EventEncoder<Execution, Report> reports, Relay relay, long remembered) {
        return AggregateChanges.of(kind, Execution::id, store, reports, relay)
                .recalling(remembered, execution -> !execution.state().isSettled())
                // a job's end, a watch's news, a recovery: each report continues the trace of the RunJob
                .continuingTrace(execution -> execution.attempt().traceparent())
                .build();
    }
}
