package io.mflow.task.app;

import java.util.List;

/** The documents whose outbox still holds entries, for the relay. */
public interface PendingOutboxes {

    /** Run documents before job task documents, so a plan goes out before changes of its tasks. */
    List<PendingOutbox> pending(int limit);

    void remove(PendingOutbox outbox, List<String> entryIds);

    record PendingOutbox(String source, String documentId, List<OutboxEntry> entries) {
        public PendingOutbox {
            entries = List.copyOf(entries);
        }
    }
}
