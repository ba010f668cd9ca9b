package io.mflow.pipeline.domain;

/** The result of applying a fact to a run: the run it became, or why nothing changed. */
public sealed interface Application {

    /** {@code resumedBecause}: the fact made a failed run go on again, and why; null otherwise. */
    record Applied(PipelineRun run, String resumedBecause) implements Application {

        public Applied(PipelineRun run) {
            this(run, null);
        }
    }

    record Ignored(String reason) implements Application {
    }
}
