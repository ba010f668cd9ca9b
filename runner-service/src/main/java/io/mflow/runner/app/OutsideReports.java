package io.mflow.runner.app;

import io.mflow.platform.aggregate.AggregateChanges;
import io.mflow.platform.aggregate.Changed;
import io.mflow.runner.domain.Execution;
import io.mflow.runner.domain.Report;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The manualStatus attempts in flight here, whose final stage an outside report (whoever holds the update token)
 * may bring. When task-service announces that such an attempt's task ended, the execution is settled without a
 * report, so its timeout or its process's end is not reported after it.
 *
 * <p>Kept in memory: filled as attempts start and by recovery (which lists every unsettled execution of this instance), so
 * only the few ends that concern this instance cost a read of the store. Each instance reads every task end (a
 * consumer group of its own), since only the owner of an attempt expects it.
 */
public class OutsideReports {

    private final AggregateChanges<Execution, Report> executions;
    private final Set<String> expected = ConcurrentHashMap.newKeySet();

    public OutsideReports(AggregateChanges<Execution, Report> executions) {
        this.executions = executions;
    }

    /** This manualStatus attempt runs here (or waits for its report): its task's end settles it. */
    void expect(String attemptId) {
        expected.add(attemptId);
    }

    /** It settled here (timed out, canceled, failed): nothing to do when its task's end is announced. */
    void forget(String attemptId) {
        expected.remove(attemptId);
    }

    /** The task of {@code attemptId} reached a final stage (announced on the task events). */
    public Optional<Execution> taskEnded(String attemptId) {
        if (!expected.remove(attemptId)) {
            return Optional.empty();
        }
        return executions.change(attemptId, Execution::endedOutside).map(Changed::aggregate);
    }

    /** Whether any attempt here waits for its task's end: when none does, no task's end is of interest. */
    public boolean expectsAny() {
        return !expected.isEmpty();
    }

    boolean expects(String attemptId) {
        return expected.contains(attemptId);
    }
}
