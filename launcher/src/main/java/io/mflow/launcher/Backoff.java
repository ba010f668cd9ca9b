package io.mflow.launcher;

import java.time.Duration;

/**
 * How long the supervisor waits before it starts again a process that exited by itself: the delay doubles with each
 * quick exit up to {@code max}, so a process that cannot start does not spin, and falls back to {@code first} once
 * the process had stayed up for {@code steady}, so a crash a day later is not punished for an old crash loop.
 */
record Backoff(Duration first, Duration max, Duration steady) {

    static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(1));

    /**
     * @param previous the delay waited before the exit, null if the process had not been started again yet
     * @param uptime   how long the process stayed up; zero if it could not even be started
     */
    Duration next(Duration previous, Duration uptime) {
        if (previous == null || uptime.compareTo(steady) >= 0) {
            return first;
        }
        Duration doubled = previous.multipliedBy(2);
        return doubled.compareTo(max) > 0 ? max : doubled;
    }
}
