package io.mflow.runner.app;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.mflow.runner.domain.Execution;
import io.mflow.runner.domain.Transition;
import java.util.Optional;
import java.util.function.Function;

/**
 * Applies a transition to the stored execution with compare-and-set, retrying when another thread (the process
 * watcher, a cancel, recovery) wrote in between, and hands the relay the reports it pushed.
 *
 * <p>It remembers the executions it wrote last: an attempt is written three times in a row (claimed, started,
 * finished), and the next write can be decided on what the last one stored, without a read. The version guard tells
 * whether anyone wrote in between; a remembered execution is never the ground for a decision that writes nothing.
 */
public class ChangeExecution {

    private static final int MAX_ATTEMPTS = 20;

    private final Executions executions;
    private final ReportRelay relay;
    private final Cache<String, Execution> recent;

    public ChangeExecution(Executions executions, ReportRelay relay, long remembered) {
        this.executions = executions;
        this.relay = relay;
        this.recent = Caffeine.newBuilder().maximumSize(remembered).build();
    }

    /** An execution as a write just stored it. */
    public void remember(Execution stored) {
        recent.put(stored.attempt().attemptId(), stored);
    }

    /** The execution after the change (or as it stands, when the transition was Unchanged or Rejected). */
    public Optional<Execution> apply(String attemptId, Function<Execution, Transition> change) {
        boolean fromStore = false;
        for (int i = 0; i < MAX_ATTEMPTS; i++) {
            Execution remembered = fromStore ? null : recent.getIfPresent(attemptId);
            Optional<Execution> found = remembered != null ? Optional.of(remembered) : executions.find(attemptId);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            Transition transition = change.apply(found.get());
            if (transition instanceof Transition.Moved moved && executions.update(found.get(), moved)) {
                if (moved.next().state().isSettled()) {
                    recent.invalidate(attemptId); // nothing more is written: only what is in flight is kept
                } else {
                    remember(moved.next());
                }
                relay.stored(found.get().version(), moved);
                return Optional.of(moved.next());
            }
            if (!(transition instanceof Transition.Moved) && remembered == null) {
                return found;
            }
            // Someone else wrote first, or the remembered execution said no: decide again on the stored one.
            recent.invalidate(attemptId);
            fromStore = true;
        }
        throw new IllegalStateException("execution " + attemptId + " kept changing under a write; giving up");
    }
}
