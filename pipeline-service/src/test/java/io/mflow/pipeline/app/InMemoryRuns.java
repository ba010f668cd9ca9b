package io.mflow.pipeline.app;

import io.mflow.pipeline.domain.PipelineRun;
import io.mflow.platform.aggregate.AggregateStore;
import io.mflow.platform.aggregate.Stored;
import io.mflow.platform.outbox.OutboxEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A store that keeps runs in a map and can pretend another writer got there first ({@code conflictsLeft}). */
final class InMemoryRuns implements AggregateStore<PipelineRun> {

    final Map<String, Stored<PipelineRun>> stored = new HashMap<>();
    final Map<String, List<OutboxEntry>> outbox = new HashMap<>();
    int conflictsLeft;
    int finds;

    @Override
    public Optional<Stored<PipelineRun>> read(String pipelineTaskId) {
        finds++;
        return Optional.ofNullable(stored.get(pipelineTaskId));
    }

    /** What is stored, without counting as a read of the use case. */
    Stored<PipelineRun> get(String pipelineTaskId) {
        return stored.get(pipelineTaskId);
    }

    @Override
    public boolean insert(PipelineRun run, List<OutboxEntry> entries) {
        if (stored.containsKey(run.pipelineTaskId())) {
            return false;
        }
        stored.put(run.pipelineTaskId(), new Stored<>(run, Stored.FIRST_VERSION));
        outbox.put(run.pipelineTaskId(), new ArrayList<>(entries));
        return true;
    }

    @Override
    public boolean update(PipelineRun run, long expectedVersion, List<OutboxEntry> entries) {
        Stored<PipelineRun> current = stored.get(run.pipelineTaskId());
        if (conflictsLeft > 0) {
            conflictsLeft--;
            stored.put(run.pipelineTaskId(), new Stored<>(current.aggregate(), current.version() + 1));
            return false;
        }
        if (current.version() != expectedVersion) {
            return false;
        }
        stored.put(run.pipelineTaskId(), new Stored<>(run, expectedVersion + 1));
        outbox.get(run.pipelineTaskId()).addAll(entries);
        return true;
    }
}
