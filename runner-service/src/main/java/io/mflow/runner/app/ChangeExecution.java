package io.mflow.runner.app;

import io.mflow.runner.domain.Execution;
import io.mflow.runner.domain.Transition;
import java.util.Optional;
import java.util.function.Function;

/**
 * Applies a transition to the stored execution with compare-and-set, retrying when another thread (the process
 * watcher, a cancel, recovery) wrote in between, and wakes the relay for the reports it pushed.
 */
public class ChangeExecution {

    private static final int MAX_ATTEMPTS = 20;

    private final Executions executions;
    private final ReportRelay relay;

    public ChangeExecution(Executions executions, ReportRelay relay) {
        this.executions = executions;
        this.relay = relay;
    }

    /** The execution after the change (or as it stands, when the transition was Unchanged or Rejected). */
    public Optional<Execution> apply(String attemptId, Function<Execution, Transition> change) {
        for (int i = 0; i < MAX_ATTEMPTS; i++) {
            Optional<Execution> found = executions.find(attemptId);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            Transition transition = change.apply(found.get());
            if (!(transition instanceof Transition.Moved moved)) {
                return found;
            }
            if (executions.update(found.get(), moved)) {
                relay.stored(found.get().version(), moved);
                return Optional.of(moved.next());
            }
        }
        throw new IllegalStateException("execution " + attemptId + " kept changing under a write; giving up");
    }
}
