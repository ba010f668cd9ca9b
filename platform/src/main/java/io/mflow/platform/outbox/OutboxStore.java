package io.mflow.platform.outbox;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a service keeps its outboxes: the one thing it implements for the relay. The store has no transactions, so
 * each outbox lives in the document whose state change produced it, written by the same single-document update.
 */
public interface OutboxStore {

    /** One document's outbox, read by id: what the relay sends when it cannot tell what a write stored. */
    Optional<PendingOutbox> pendingOf(String owner);

    /** Up to {@code limit} documents whose outbox holds records: what the sweep sends after a crash or a failed send. */
    List<PendingOutbox> pending(int limit);

    /** Takes sent records out of their owners' outboxes; the relay batches them, so one round trip should do. */
    void remove(Map<String, List<String>> recordIdsByOwner);
}
