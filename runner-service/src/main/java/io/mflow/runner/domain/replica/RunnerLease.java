package io.mflow.runner.domain.replica;

import java.time.Duration;
import java.time.Instant;

/**
 * A runner-service instance's claim to be alive: renewed every heartbeat, it holds until {@code leaseUntil}. Once
 * that passed, the instance counts as dead and a survivor takes its executions over. Instants are the renewing
 * instance's clock: the lease must be longer than the heartbeat plus the clocks' skew.
 */
public record RunnerLease(String instance, String host, Instant renewedAt, Instant leaseUntil) {

    public static RunnerLease renewed(String instance, String host, Instant now, Duration leaseFor) {
        return new RunnerLease(instance, host, now, now.plus(leaseFor));
    }

    public boolean isLiveAt(Instant now) {
        return leaseUntil.isAfter(now);
    }
}
