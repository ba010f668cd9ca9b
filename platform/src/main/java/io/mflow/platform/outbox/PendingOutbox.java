package io.mflow.platform.outbox;

import java.util.List;

/**
 * What one document's outbox holds, oldest first.
 *
 * @param owner   the document, in words its {@link OutboxStore} understands (for example {@code job_tasks/jt-1})
 * @param version the document's version when it was read, or {@link #UNKNOWN_VERSION} if the store keeps none;
 *                with it the relay knows that later writes it is told of follow on from what it just sent
 */
public record PendingOutbox(String owner, long version, List<OutboxRecord> records) {

    public static final long UNKNOWN_VERSION = -1;

    public PendingOutbox {
        records = List.copyOf(records);
    }

    public PendingOutbox(String owner, List<OutboxRecord> records) {
        this(owner, UNKNOWN_VERSION, records);
    }
}
