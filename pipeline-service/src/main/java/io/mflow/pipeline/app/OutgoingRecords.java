package io.mflow.pipeline.app;

import io.mflow.pipeline.domain.Outgoing;

/** Encodes what a run announces into the record the outbox keeps until it is sent. */
public interface OutgoingRecords {

    OutboxEntry encode(Outgoing message);
}
