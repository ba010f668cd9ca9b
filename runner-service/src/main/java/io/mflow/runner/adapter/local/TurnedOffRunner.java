package io.mflow.runner.adapter.local;

import io.mflow.localrunner.domain.Outcome;
import io.mflow.localrunner.domain.Param;
import io.mflow.runner.app.Launch;
import io.mflow.runner.app.Probe;
import io.mflow.runner.app.Runner;
import io.mflow.runner.domain.Attempt;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code LOCAL} where it is turned off ({@code mflow.runner.local.enabled=false}): an attempt fails at once with the
 * reason and nothing runs. It is a runner rather than a missing one so the reason says the type is off here, not
 * unknown.
 */
public class TurnedOffRunner implements Runner {

    public static final String REASON = "the LOCAL runner is turned off on this runner-service"
            + " (mflow.runner.local.enabled=false): give the job another runnerType";

    @Override
    public Launch start(Attempt attempt, List<Param> openedParams, String updateToken) {
        throw new IllegalStateException(REASON);
    }

    /** Nothing of it ever runs here, so recovery starts it again, and it fails with the reason. */
    @Override
    public Probe probe(Attempt attempt) {
        return new Probe.NotStarted();
    }

    @Override
    public CompletableFuture<Outcome> completion(Attempt attempt, Launch launch) {
        return CompletableFuture.completedFuture(Outcome.failed(REASON));
    }

    @Override
    public void stop(Attempt attempt, Launch launch) {
    }

    @Override
    public byte[] outputFrom(Attempt attempt, Launch launch, long offset, int max) {
        return new byte[0];
    }
}
