package io.mflow.runner.app;

import io.mflow.localrunner.domain.Param;
import io.mflow.runner.domain.Attempt;
import io.mflow.schemas.sealed.SealedPlace;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The plain values an attempt must never show, to mask: its update token, its sensitive params, and the engine's
 * secrets every job is handed (the password of the broker's reporter principal, where jobs may report over Kafka).
 */
public class AttemptSecrets {

    private final Secrets secrets;
    private final List<String> handedToEveryJob;

    public AttemptSecrets(Secrets secrets) {
        this(secrets, List.of());
    }

    public AttemptSecrets(Secrets secrets, List<String> handedToEveryJob) {
        this.secrets = secrets;
        this.handedToEveryJob = List.copyOf(handedToEveryJob);
    }

    public List<String> of(Attempt attempt) {
        List<String> plain = new ArrayList<>(handedToEveryJob);
        plain.add(openQuietly(() -> secrets.updateTokenOf(attempt)));
        attempt.params().stream().filter(Param::sensitive).forEach(p -> plain.add(openQuietly(
                () -> secrets.open(p.value(), SealedPlace.jobTaskParam(attempt.jobTaskId(), p.name())))));
        return plain;
    }

    private static String openQuietly(Supplier<String> opening) {
        try {
            return opening.get();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
