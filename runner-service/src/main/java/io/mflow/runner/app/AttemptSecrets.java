package io.mflow.runner.app;

import io.mflow.localrunner.domain.Param;
import io.mflow.runner.domain.Attempt;
import java.util.ArrayList;
import java.util.List;

/** The plain values an attempt must never show: its update token and its sensitive params, to mask. */
public class AttemptSecrets {

    private final Secrets secrets;

    public AttemptSecrets(Secrets secrets) {
        this.secrets = secrets;
    }

    public List<String> of(Attempt attempt) {
        List<String> plain = new ArrayList<>();
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
