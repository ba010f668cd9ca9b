package io.mflow.runner.app;

import java.util.Map;
import java.util.Optional;

/** The runners by runner type. */
public interface Runners {

    Optional<Runner> forType(String runnerType);

    static Runners of(Map<String, Runner> byType) {
        Map<String, Runner> copy = Map.copyOf(byType);
        return type -> Optional.ofNullable(type == null ? null : copy.get(type));
    }
}
