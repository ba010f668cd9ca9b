package io.mflow.pipeline.app;

import java.util.List;

/** The outbox entries of one run not yet confirmed as sent, oldest first. */
public record PendingOutbox(String pipelineTaskId, List<OutboxEntry> entries) {
}
