package io.mflow.pipeline.app;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.mflow.pipeline.domain.PipelineRun;
import io.mflow.platform.outbox.OutboxEntry;
import java.util.List;
import java.util.Optional;

/**
 * The runs this instance stored or read last, so that a run's next event costs no read: a run has ten events or more,
 * and most of them (a job created, started) are only noted as seen.
 *
 * <p>Right while this instance consumes the run's partition, because nobody but that partition's consumer writes a
 * run: what this instance wrote last is what is stored. When partitions move, another instance may write the runs
 * this one knew, so everything is forgotten ({@link #forgetAll}). In the moment of a rebalance, when two instances may
 * briefly handle one partition, a write still checks the version, and a stale copy can only make an event be ignored
 * for a reason that also holds for the stored run: what an ignore rests on (events applied, the plan, a task
 * dispatched) only grows.
 */
public final class RecentRuns implements PipelineRuns {

    private final PipelineRuns store;
    private final Cache<String, StoredRun> recent;

    public RecentRuns(PipelineRuns store, long capacity) {
        this.store = store;
        this.recent = Caffeine.newBuilder().maximumSize(capacity).build();
    }

    @Override
    public Optional<StoredRun> find(String pipelineTaskId) {
        StoredRun known = recent.getIfPresent(pipelineTaskId);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<StoredRun> stored = store.find(pipelineTaskId);
        stored.ifPresent(run -> recent.put(pipelineTaskId, run));
        return stored;
    }

    @Override
    public boolean insert(PipelineRun run, List<OutboxEntry> outbox) {
        return remember(run, store.insert(run, outbox), RunOutbox.CREATED + 1);
    }

    @Override
    public boolean update(PipelineRun run, long expectedVersion, List<OutboxEntry> outbox) {
        return remember(run, store.update(run, expectedVersion, outbox), expectedVersion + 1);
    }

    /** Partitions moved to or from this instance. */
    public void forgetAll() {
        recent.invalidateAll();
    }

    private boolean remember(PipelineRun run, boolean written, long version) {
        if (written && run.conclusion() == null) {
            recent.put(run.pipelineTaskId(), new StoredRun(run, version));
        } else {
            // Someone else wrote it, and the next look reads what they wrote; or it is concluded, and what little
            // still comes for it may read the store: only runs in flight are kept.
            recent.invalidate(run.pipelineTaskId());
        }
        return written;
    }
}
