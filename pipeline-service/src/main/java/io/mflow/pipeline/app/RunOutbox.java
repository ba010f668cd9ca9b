package io.mflow.pipeline.app;

import io.mflow.platform.outbox.OutboxEntry;
import java.util.List;

/** Hands the relay what a write just stored in a run's outbox, so it goes out now rather than at the next sweep. */
public interface RunOutbox {

    /** The version before a write that created the run's document, which is stored as version 0. */
    long CREATED = -1;

    /**
     * @param versionBefore the version the write replaced, or {@link #CREATED}
     * @param versionAfter  the version it stored
     */
    void stored(String pipelineTaskId, long versionBefore, long versionAfter, List<OutboxEntry> entries);
}
