package io.mflow.runner.app;

import io.mflow.localrunner.domain.Param;
import io.mflow.runner.domain.Attempt;
import java.util.ArrayList;
import java.util.List;

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
        plain.add(openQuietly(attempt.sealedUpdateToken()));
        attempt.params().stream().filter(Param::sensitive).forEach(p -> plain.add(openQuietly(p.value())));
        return plain;
    }

    private String openQuietly(String sealed) {
        try {
            return secrets.open(sealed);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
