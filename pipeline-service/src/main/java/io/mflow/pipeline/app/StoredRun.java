package io.mflow.pipeline.app;

import io.mflow.pipeline.domain.PipelineRun;

/** A run as read from the store, with the version an update must match. */
public record StoredRun(PipelineRun run, long version) {
}
