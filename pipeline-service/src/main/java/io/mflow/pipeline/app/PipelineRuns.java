package io.mflow.pipeline.app;

import io.mflow.pipeline.domain.PipelineRun;
import io.mflow.platform.outbox.OutboxEntry;
import java.util.List;
import java.util.Optional;

/** The store of pipeline runs. Each write is one single-document update that also pushes the run's outbox entries. */
public interface PipelineRuns {

    Optional<StoredRun> find(String pipelineTaskId);

    /** @return false when the run already exists */
    boolean insert(PipelineRun run, List<OutboxEntry> outbox);

    /** @return false when the stored version is no longer {@code expectedVersion} */
    boolean update(PipelineRun run, long expectedVersion, List<OutboxEntry> outbox);

}
