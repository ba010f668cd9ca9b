package io.mflow.runner.app;

import io.mflow.runner.domain.replica.RunnerLease;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The runner-service instances' leases, one per instance id, as every instance renews its own. */
public interface RunnerLeases {

    /** Stores the lease, replacing the instance's previous one. */
    void renew(RunnerLease lease);

    Optional<RunnerLease> find(String instance);

    /** Leases that ended before {@code now}: their instances count as dead. */
    List<RunnerLease> expiredAt(Instant now);

    /** Drops the lease as it was read; one renewed since (the instance came back) stays. */
    void forget(RunnerLease lease);
}
