package io.mflow.runner.app;

import io.mflow.localrunner.domain.Outcome;
import io.mflow.localrunner.domain.Param;
import io.mflow.runner.domain.Attempt;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Runs attempts of one runner type: LOCAL processes, Kubernetes Jobs. */
public interface Runner {

    /**
     * Starts the attempt as a process that outlives this service. Starting an attempt a second time must not run
     * it again: it returns the process of the first start. Throws when the process cannot be started.
     */
    Launch start(Attempt attempt, List<Param> openedParams, String updateToken);

    Probe probe(Attempt attempt);

    /**
     * For a {@link Launch#pending pending} launch: completes, with what the runner says of it (e.g. the pod's
     * phase), once the job really runs. Never completes if it ends without having run.
     */
    default CompletableFuture<String> running(Attempt attempt, Launch launch) {
        return CompletableFuture.completedFuture(null);
    }

    /** Completes with the outcome once the process has ended. */
    CompletableFuture<Outcome> completion(Attempt attempt, Launch launch);

    /** Stops the process and everything it started; harmless when it has ended already. */
    void stop(Attempt attempt, Launch launch);

    /**
     * Up to {@code max} bytes of the job's output (stdout and stderr) from {@code offset} on; empty when there is no
     * more yet, or none at all.
     */
    byte[] outputFrom(Attempt attempt, Launch launch, long offset, int max);

    /**
     * The attempt's output was published (masked) and its end recorded: what the runner kept of it unmasked goes.
     * Runners that keep nothing do nothing.
     */
    default void discard(Attempt attempt, Launch launch) {
    }
}
