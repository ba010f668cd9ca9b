package io.mflow.runner.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.localrunner.domain.Outcome;
import io.mflow.runner.domain.Attempt;
import io.mflow.runner.domain.Execution;
import io.mflow.runner.domain.ExecutionState;
import io.mflow.runner.domain.Transition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChangeExecutionTest {

    private static final Instant NOW = Instant.parse("2026-11-30T06:00:00Z");
    private static final Attempt ATTEMPT = new Attempt("jt-1#1", "jt-1", "pt-1", "LOCAL", "true", List.of(),
            "enc:v1:token", false);

    private final StoredExecutions store = new StoredExecutions();
    private final List<String> relayed = new ArrayList<>();
    private final ChangeExecution change = new ChangeExecution(store, (before, moved) ->
            moved.reports().forEach(report -> relayed.add(report.reportId())), 100);

    private void claim() {
        Transition.Moved claim = Execution.claim(ATTEMPT, NOW);
        store.create(claim);
        change.remember(claim.next());
    }

    @Test
    void anAttemptsStartAndEndAreWrittenWithoutReadingItBack() {
        claim();

        change.apply("jt-1#1", e -> e.started(42, "/w", NOW));
        Optional<Execution> finished = change.apply("jt-1#1", e -> e.finished(Outcome.succeeded(Map.of()), NOW));

        assertThat(finished).map(Execution::state).contains(ExecutionState.FINISHED);
        assertThat(store.reads).isZero();
        assertThat(relayed).containsExactly("jt-1#1:ACTIVE", "jt-1#1:SUCCEEDED");

        change.apply("jt-1#1", e -> e.canceled("too late", NOW)); // a finished attempt is not kept
        assertThat(store.reads).isOne();
    }

    @Test
    void anEndAfterSomeoneElsesCancelIsDecidedOnTheStoredExecution() {
        claim();
        change.apply("jt-1#1", e -> e.started(42, "/w", NOW));
        Execution running = store.executions.get("jt-1#1");
        store.update(running, (Transition.Moved) running.canceled("canceled by alice", NOW)); // a cancel listener

        Optional<Execution> after = change.apply("jt-1#1", e -> e.finished(Outcome.succeeded(Map.of()), NOW));

        assertThat(after).map(Execution::state).contains(ExecutionState.CANCELED);
        assertThat(store.reads).isEqualTo(1);
        assertThat(relayed).containsExactly("jt-1#1:ACTIVE");
    }

    /** Executions in a map, with the store's version guard. */
    private static final class StoredExecutions implements Executions {
        final Map<String, Execution> executions = new HashMap<>();
        int reads;

        @Override
        public boolean create(Transition.Moved created) {
            return executions.putIfAbsent(created.next().id(), created.next()) == null;
        }

        @Override
        public Optional<Execution> find(String attemptId) {
            reads++;
            return Optional.ofNullable(executions.get(attemptId));
        }

        @Override
        public boolean update(Execution current, Transition.Moved moved) {
            if (executions.get(current.id()).version() != current.version()) {
                return false;
            }
            executions.put(current.id(), moved.next());
            return true;
        }

        @Override
        public List<Execution> unsettled() {
            return List.of();
        }

        @Override
        public List<PendingReports> pendingReports(int limit) {
            return List.of();
        }

        @Override
        public Optional<PendingReports> pendingReportsOf(String attemptId) {
            return Optional.empty();
        }

        @Override
        public void removeReports(Map<String, List<String>> reportIdsByAttempt) {
        }
    }
}
