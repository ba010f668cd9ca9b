package io.mflow.runner.app;

import io.mflow.localrunner.domain.Param;
import io.mflow.runner.domain.Attempt;
import io.mflow.schemas.sealed.SealedPlace;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** The plain values an attempt must never show: its update token and its sensitive params, to mask. */
public class AttemptSecrets {

    private final Secrets secrets;

    public AttemptSecrets(Secrets secrets) {
        this.secrets = secrets;
    }

    public List<String> of(Attempt attempt) {
        List<String> plain = new ArrayList<>();
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
