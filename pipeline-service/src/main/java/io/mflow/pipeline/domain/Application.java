package io.mflow.pipeline.domain;

/** The result of applying a fact to a run: the run it became, or why nothing changed. */
public sealed interface Application {

    record Applied(PipelineRun run) implements Application {
    }

    record Ignored(String reason) implements Application {
    }
}
