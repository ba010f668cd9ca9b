package io.mflow.pipeline.adapter.mongo;

import io.mflow.pipeline.app.RunOutbox;
import io.mflow.platform.outbox.OutboxEntry;
import io.mflow.platform.outbox.OutboxRelay;
import java.time.Instant;
import java.util.List;

/** The use case's outbox port, served by the platform's relay with the records as the run's outbox keeps them. */
public class RelayedRunOutbox implements RunOutbox {

    private final OutboxRelay relay;

    public RelayedRunOutbox(OutboxRelay relay) {
        this.relay = relay;
    }

    @Override
    public void stored(String pipelineTaskId, long versionBefore, long versionAfter, List<OutboxEntry> entries) {
        // Stored now, after the write: the records' own storedAt is when they were encoded, before it.
        Instant storedAt = Instant.now();
        relay.stored(pipelineTaskId, versionBefore == CREATED ? OutboxRelay.CREATED : versionBefore, versionAfter,
                entries.stream().map(entry -> entry.toRecord(storedAt)).toList());
    }
}
