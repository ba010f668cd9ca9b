package io.mflow.task.app;

import java.util.List;
import java.util.Optional;

/** The documents whose outbox still holds entries, for the relay. */
public interface PendingOutboxes {

    /** Run documents before job task documents, so a plan goes out before changes of its tasks. */
    List<PendingOutbox> pending(int limit);

    /** The outbox of one document, read by its id: what a wake sends, without scanning. */
    Optional<PendingOutbox> pendingOf(Outbox.Owner owner);

    void remove(PendingOutbox outbox, List<String> entryIds);

    record PendingOutbox(String source, String documentId, List<OutboxEntry> entries) {
        public PendingOutbox {
            entries = List.copyOf(entries);
        }
    }
}
