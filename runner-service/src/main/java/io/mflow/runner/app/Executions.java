package io.mflow.runner.app;

import io.mflow.runner.domain.Execution;
import io.mflow.runner.domain.Transition;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The store of executions, each with its outbox of reports not yet sent. */
public interface Executions {

    /** Inserts a new execution with its reports; false when one with the same attempt id exists already. */
    boolean create(Transition.Moved created);

    Optional<Execution> find(String attemptId);

    /** Writes {@code moved} (state and new reports in one update) only if {@code current} is still the stored version. */
    boolean update(Execution current, Transition.Moved moved);

    /** Executions that are neither finished nor canceled. */
    List<Execution> unsettled();

    /** Executions whose outbox holds reports, each with its reports in the order they were written. */
    List<PendingReports> pendingReports(int limit);

    /** One attempt's unsent reports, read by id: what a wake sends, without scanning. */
    Optional<PendingReports> pendingReportsOf(String attemptId);

    /** Takes sent reports out of many outboxes at once. */
    void removeReports(Map<String, List<String>> reportIdsByAttempt);
}
