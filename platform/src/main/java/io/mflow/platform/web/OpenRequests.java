package io.mflow.platform.web;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How many long-lived requests (an agent's long poll, a live log follower) each caller holds open at once, and all
 * callers together. Such a request holds a thread or a connection for long, so without a bound one token could hold
 * them all and starve everyone else; with it, one request more than a caller's share, or than the total, is refused
 * at once, and other callers' requests are not affected by the first.
 */
public final class OpenRequests {

    private final int maxPerCaller;
    private final int maxTotal;
    private final Map<String, Integer> open = new ConcurrentHashMap<>();
    private int total;

    public OpenRequests(int maxPerCaller, int maxTotal) {
        if (maxPerCaller < 1 || maxTotal < 1) {
            throw new IllegalArgumentException("at least one open request per caller and in total must be allowed");
        }
        this.maxPerCaller = maxPerCaller;
        this.maxTotal = maxTotal;
    }

    /** Bounded per caller only. */
    public static OpenRequests perCaller(int maxPerCaller) {
        return new OpenRequests(maxPerCaller, Integer.MAX_VALUE);
    }

    /** A request's place, given back by {@link #close()}; closing it again gives back nothing more. */
    public final class Slot implements AutoCloseable {

        private final String caller;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Slot(String caller) {
            this.caller = caller;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                synchronized (OpenRequests.this) {
                    // Removed at zero, so callers who stopped asking leave nothing behind.
                    open.computeIfPresent(caller, (c, n) -> n <= 1 ? null : n - 1);
                    total--;
                }
            }
        }
    }

    /** A place for one more request of the caller's, or none when the caller or everyone holds as many as allowed. */
    public synchronized Optional<Slot> open(String caller) {
        int held = open.getOrDefault(caller, 0);
        if (held >= maxPerCaller || total >= maxTotal) {
            return Optional.empty();
        }
        open.put(caller, held + 1);
        total++;
        return Optional.of(new Slot(caller));
    }

    /** The requests the caller holds open now. */
    public int openBy(String caller) {
        return open.getOrDefault(caller, 0);
    }

    /** The requests all callers hold open now. */
    public synchronized int openInTotal() {
        return total;
    }

    /** Why a caller was refused a slot, for the problem document: their own share, or everyone's. */
    public String refusal(String caller) {
        int held = openBy(caller);
        return held >= maxPerCaller ? caller + " already holds " + held + " of them open"
                : "the service already holds " + openInTotal() + " of them open for all callers";
    }
}
