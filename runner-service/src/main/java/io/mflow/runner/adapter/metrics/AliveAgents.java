package io.mflow.runner.adapter.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.mflow.runner.app.Agents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code mflow.agents.alive}: the agents heard from within the heartbeat timeout, which are those that may be given
 * jobs. Read from the store at each scrape, so every replica shows the same number.
 */
public final class AliveAgents {

    private AliveAgents() {
    }

    public static Gauge register(MeterRegistry registry, Agents agents, Clock clock, Duration heartbeatTimeout) {
        return Gauge.builder("mflow.agents.alive", agents, known -> {
            Instant now = clock.instant();
            return known.all().stream().filter(agent -> !agent.isSilentAt(now, heartbeatTimeout)).count();
        }).description("agents heard from within the heartbeat timeout")
                // held here alone: a gauge keeps only a weak reference otherwise, and shows NaN once it is collected
                .strongReference(true).register(registry);
    }
}
