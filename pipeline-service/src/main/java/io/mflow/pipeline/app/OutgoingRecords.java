package io.mflow.pipeline.app;

import io.mflow.pipeline.domain.Outgoing;
import io.mflow.platform.outbox.OutboxEntry;
import java.time.Instant;

/** Encodes what a run announces into the record the outbox keeps until it is sent. */
public interface OutgoingRecords {

    /** @param causedAt when what made the run announce it happened, or null */
    OutboxEntry encode(Outgoing message, Instant causedAt);
}
