package io.mflow.runner.app;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How many requests for work each agent user holds open at once. A long poll holds a server thread for up to the
 * poll wait, so without a bound one token could hold them all and starve every other team's agents; with it, one
 * poll more than {@code maxPerUser} is refused at once, and other users' polls are not affected.
 */
public class LongPolls {

    private final int maxPerUser;
    private final Map<String, Integer> open = new ConcurrentHashMap<>();

    public LongPolls(int maxPerUser) {
        if (maxPerUser < 1) {
            throw new IllegalArgumentException("at least one long poll per agent user must be allowed");
        }
        this.maxPerUser = maxPerUser;
    }

    /** A poll's place, given back by {@link #close()}; closing it again gives back nothing more. */
    public final class Slot implements AutoCloseable {

        private final String user;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Slot(String user) {
            this.user = user;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                // Removed at zero, so users who stopped polling leave nothing behind.
                open.computeIfPresent(user, (u, n) -> n <= 1 ? null : n - 1);
            }
        }
    }

    /** A place for one more poll of the user's, or none when the user already holds as many as allowed. */
    public Optional<Slot> open(String user) {
        boolean[] taken = {false};
        open.compute(user, (u, n) -> {
            int held = n == null ? 0 : n;
            if (held >= maxPerUser) {
                return n;
            }
            taken[0] = true;
            return held + 1;
        });
        return taken[0] ? Optional.of(new Slot(user)) : Optional.empty();
    }

    /** The polls the user holds now. */
    public int openBy(String user) {
        return open.getOrDefault(user, 0);
    }
}
