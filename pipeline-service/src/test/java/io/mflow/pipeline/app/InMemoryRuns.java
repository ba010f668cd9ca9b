package io.mflow.pipeline.app;

import io.mflow.pipeline.domain.PipelineRun;
import io.mflow.platform.outbox.OutboxEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A store that keeps runs in a map and can pretend another writer got there first ({@code conflictsLeft}). */
final class InMemoryRuns implements PipelineRuns {

    final Map<String, StoredRun> stored = new HashMap<>();
    final Map<String, List<OutboxEntry>> outbox = new HashMap<>();
    int conflictsLeft;
    int finds;

    @Override
    public Optional<StoredRun> find(String pipelineTaskId) {
        finds++;
        return Optional.ofNullable(stored.get(pipelineTaskId));
    }

    @Override
    public boolean insert(PipelineRun run, List<OutboxEntry> entries) {
        if (stored.containsKey(run.pipelineTaskId())) {
            return false;
        }
        stored.put(run.pipelineTaskId(), new StoredRun(run, 0));
        outbox.put(run.pipelineTaskId(), new ArrayList<>(entries));
        return true;
    }

    @Override
    public boolean update(PipelineRun run, long expectedVersion, List<OutboxEntry> entries) {
        StoredRun current = stored.get(run.pipelineTaskId());
        if (conflictsLeft > 0) {
            conflictsLeft--;
            stored.put(run.pipelineTaskId(), new StoredRun(current.run(), current.version() + 1));
            return false;
        }
        if (current.version() != expectedVersion) {
            return false;
        }
        stored.put(run.pipelineTaskId(), new StoredRun(run, expectedVersion + 1));
        outbox.get(run.pipelineTaskId()).addAll(entries);
        return true;
    }

}
