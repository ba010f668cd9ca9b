package io.mflow.runner.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.localrunner.domain.Outcome;
import io.mflow.platform.aggregate.AggregateChanges;
import io.mflow.platform.aggregate.AggregateStore;
import io.mflow.platform.aggregate.Changed;
import io.mflow.platform.aggregate.Stored;
import io.mflow.platform.change.Change;
import io.mflow.platform.outbox.OutboxEntry;
import io.mflow.runner.domain.Attempt;
import io.mflow.runner.domain.Execution;
import io.mflow.runner.domain.ExecutionState;
import io.mflow.runner.domain.Report;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Executions changed as runner-service has the platform's seam change them: remembered while in flight. */
class ExecutionChangesTest {

    private static final Instant NOW = Instant.parse("2026-11-30T06:00:00Z");
    private static final Attempt ATTEMPT = new Attempt("jt-1#1", "jt-1", "pt-1", "LOCAL", "true", List.of(),
            "enc:v1:token", false);

    private final StoredExecutions store = new StoredExecutions();
    private final List<String> relayed = new ArrayList<>();
    private final AggregateChanges<Execution, Report> change = ExecutionChanges.of("executions", store,
            (execution, report) -> new OutboxEntry(report.reportId(), "reports", execution.attempt().reportKey(),
                    Map.of(), new byte[0]),
            (owner, versionBefore, versionAfter, records) -> records.forEach(record -> relayed.add(record.id())), 100);

    private void claim() {
        Change.Moved<Execution, Report> claim = Execution.claim(ATTEMPT, NOW);
        change.create(claim.next(), claim.events());
        relayed.clear();
    }

    @Test
    void anAttemptsStartAndEndAreWrittenWithoutReadingItBack() {
        claim();

        change.change("jt-1#1", e -> e.started(42, "/w", NOW));
        Optional<Execution> finished = change.change("jt-1#1", e -> e.finished(Outcome.succeeded(Map.of()), NOW))
                .map(Changed::aggregate);

        assertThat(finished).map(Execution::state).contains(ExecutionState.FINISHED);
        assertThat(store.reads).isZero();
        assertThat(relayed).containsExactly("jt-1#1:ACTIVE", "jt-1#1:SUCCEEDED");

        change.change("jt-1#1", e -> e.canceled("too late", NOW)); // a finished attempt is not kept
        assertThat(store.reads).isOne();
    }

    @Test
    void anEndAfterSomeoneElsesCancelIsDecidedOnTheStoredExecution() {
        claim();
        change.change("jt-1#1", e -> e.started(42, "/w", NOW));
        Stored<Execution> running = store.executions.get("jt-1#1");
        store.update(((Change.Moved<Execution, Report>) running.aggregate().canceled("canceled by alice", NOW)).next(),
                running.version(), List.of()); // a cancel listener

        Optional<Execution> after = change.change("jt-1#1", e -> e.finished(Outcome.succeeded(Map.of()), NOW))
                .map(Changed::aggregate);

        assertThat(after).map(Execution::state).contains(ExecutionState.CANCELED);
        assertThat(store.reads).isEqualTo(1);
        assertThat(relayed).containsExactly("jt-1#1:ACTIVE");
    }

    /** Executions in a map, with the store's version guard. */
    private static final class StoredExecutions implements AggregateStore<Execution> {
        final Map<String, Stored<Execution>> executions = new HashMap<>();
        int reads;

        @Override
        public Optional<Stored<Execution>> read(String attemptId) {
            reads++;
            return Optional.ofNullable(executions.get(attemptId));
        }

        @Override
        public boolean insert(Execution execution, List<OutboxEntry> outbox) {
            return executions.putIfAbsent(execution.id(), new Stored<>(execution, Stored.FIRST_VERSION)) == null;
        }

        @Override
        public boolean update(Execution next, long expectedVersion, List<OutboxEntry> outbox) {
            if (executions.get(next.id()).version() != expectedVersion) {
                return false;
            }
            executions.put(next.id(), new Stored<>(next, expectedVersion + 1));
            return true;
        }
    }
}
