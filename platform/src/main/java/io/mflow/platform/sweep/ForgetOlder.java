package io.mflow.platform.sweep;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One kind of history kept for an age: each turn of a retention {@link Sweep} removes, at most {@code batch} at a
 * time and oldest first, what is older than {@code maxAge} (the next turn goes on). A service says only what it
 * removes ({@link #removeBefore}); the age is checked here once for all: zero or less would remove everything.
 */
public abstract class ForgetOlder {

    private final Duration maxAge;
    private final int batch;
    private final Clock clock;

    /** @param setting the age's setting, named when it is refused */
    protected ForgetOlder(String setting, Duration maxAge, int batch, Clock clock) {
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException(setting + " must be positive, not " + maxAge);
        }
        if (batch <= 0) {
            throw new IllegalArgumentException("mflow.retention.batch must be positive, not " + batch);
        }
        this.maxAge = maxAge;
        this.batch = batch;
        this.clock = clock;
    }

    /** Removes at most {@code limit} things older than {@code cutoff}, oldest first; how many it removed. */
    protected abstract int removeBefore(Instant cutoff, int limit);

    public int sweep() {
        return sweepAt(clock.instant());
    }

    /** The sweep as at {@code now}; how many things it removed. */
    public int sweepAt(Instant now) {
        return removeBefore(now.minus(maxAge), batch);
    }
}
