package io.mflow.runner.app;

import io.mflow.runner.domain.Execution;
import io.mflow.runner.domain.replica.RunnerLease;
import io.mflow.runner.domain.replica.Takeover;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this runner-service instance's lease and takes over the executions of instances whose lease expired, so the
 * runner service runs in replicas. Both run every heartbeat in every instance, each on a thread of its own: the lease
 * says "alive" to the others, and the sweep finds what the dead left; a slow takeover (a Kubernetes API server that
 * takes its time) must not hold up the renewal, or the taker would look dead itself. Each takeover is a compare-and-set on the execution's owner, so of survivors
 * sweeping at once exactly one takes each execution and acts on it; the dead instance, should it come back, acts
 * only on what it still owns ({@link RunAttempt}).
 */
public class TakeOverExecutions {

    private static final Logger log = LoggerFactory.getLogger(TakeOverExecutions.class);
    /**
     * How long the lease of a dead instance with nothing left is kept: long enough that its executions are surely
     * taken over, short enough that instances that come and go (a container without a volume gets a new id each
     * start) do not add to every sweep for ever.
     */
    static final Duration FORGET_AFTER = Duration.ofDays(1);

    private final RunnerLeases leases;
    private final Executions executions;
    private final RunAttempt runAttempt;
    private final RecoverExecutions recovery;
    private final String host;
    private final Duration leaseFor;
    private final Clock clock;

    public TakeOverExecutions(RunnerLeases leases, Executions executions, RunAttempt runAttempt,
                              RecoverExecutions recovery, String host, Duration leaseFor, Clock clock) {
        this.leases = leases;
        this.executions = executions;
        this.runAttempt = runAttempt;
        this.recovery = recovery;
        this.host = host;
        this.leaseFor = leaseFor;
        this.clock = clock;
    }

    /** This instance is alive for another {@code leaseFor}. */
    public void renewLease() {
        leases.renew(RunnerLease.renewed(runAttempt.self(), host, clock.instant(), leaseFor));
    }

    /** Takes over what dead instances left. */
    public void sweep() {
        for (RunnerLease dead : leases.expiredAt(clock.instant())) {
            if (dead.instance().equals(runAttempt.self())) {
                continue; // late renewing ourselves (a long pause): what we still own is ours
            }
            List<Execution> left = executions.unsettledOf(dead.instance());
            for (Execution execution : left) {
                try {
                    takeOver(execution);
                } catch (RuntimeException e) {
                    log.warn("{} of dead instance {} could not be taken over now: {}", execution.attempt(),
                            dead.instance(), e.toString());
                }
            }
            if (left.isEmpty() && dead.leaseUntil().plus(FORGET_AFTER).isBefore(clock.instant())) {
                leases.forget(dead);
            }
        }
    }

    /**
     * Takes the execution over when its owner's lease has expired, and acts on it as its new owner.
     *
     * @return whether this instance took it
     */
    public boolean takeOver(Execution execution) {
        Optional<RunnerLease> ownerLease = Optional.ofNullable(execution.owner()).flatMap(leases::find);
        if (Takeover.decide(execution, runAttempt.self(), ownerLease, clock.instant()) == Takeover.Action.LEAVE) {
            return false;
        }
        Optional<Execution> taken = runAttempt.takeOver(execution, execution.owner());
        if (taken.isEmpty()) {
            return false; // another survivor was first, or it settled meanwhile
        }
        log.warn("{}: its instance {} is dead (lease ended {}); instance {} takes it over", execution.attempt(),
                execution.owner(), ownerLease.map(RunnerLease::leaseUntil).orElse(null), runAttempt.self());
        recovery.takenOver(taken.get(), ownerLease.map(RunnerLease::leaseUntil));
        return true;
    }
}
