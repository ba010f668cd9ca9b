package io.mflow.platform.outbox;

import java.util.List;

/**
 * What one document's outbox holds, oldest first.
 *
 * @param owner the document, in words its {@link OutboxStore} understands (for example {@code job_tasks/jt-1})
 */
public record PendingOutbox(String owner, List<OutboxRecord> records) {

    public PendingOutbox {
        records = List.copyOf(records);
    }
}
