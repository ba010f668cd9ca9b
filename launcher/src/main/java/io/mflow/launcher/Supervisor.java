package io.mflow.launcher;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Starts a process of the engine again when it exits without being asked to (a crash, kill -9 from outside, an out of
 * memory error), after a {@link Backoff}, as docker-compose's {@code restart: unless-stopped} does. To stop a process
 * deliberately, {@link #release} it first, or {@link #close} the supervisor: then its exit is not a crash.
 *
 * <p>Exits are handled and processes started again on one thread of the supervisor's own, never on the JDK's process
 * reaper that reports the exit: a start may wait for a process, which needs the reaper.
 */
final class Supervisor implements AutoCloseable {

    /** How a process is started, the first time and every time after. */
    @FunctionalInterface
    interface Launch {
        ChildProcess start() throws Exception;
    }

    private final Backoff backoff;
    private final Runnable onStartedAgain;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread daemon = new Thread(runnable, "mflow-supervisor");
        daemon.setDaemon(true);
        return daemon;
    });
    private final Map<String, Watch> watches = new HashMap<>();
    private boolean closed;

    /** @param onStartedAgain told after the supervisor itself started a process again (a new pid to know) */
    Supervisor(Backoff backoff, Runnable onStartedAgain) {
        this.backoff = backoff;
        this.onStartedAgain = onStartedAgain;
    }

    /**
     * Starts a process now, in the caller's thread (so a failure is the caller's), and from then on again whenever it
     * exits by itself. A process of that name that waits to be started again is replaced; one that runs is an error.
     */
    ChildProcess supervise(String name, Launch launch) throws Exception {
        Watch watch = new Watch(name, launch);
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the supervisor is closed; " + name + " is not started");
            }
            Watch previous = watches.get(name);
            if (previous != null && previous.process != null && previous.process.isAlive()) {
                throw new IllegalStateException(name + " runs already");
            }
            if (previous != null) {
                previous.cancel();
            }
            watches.put(name, watch);
        }
        ChildProcess process;
        try {
            process = launch.start();
        } catch (Exception | Error e) {
            synchronized (this) {
                watches.remove(name, watch);
            }
            throw e;
        }
        if (!adopt(watch, process)) {
            process.kill();
            throw new IllegalStateException(name + " was released while it started");
        }
        return process;
    }

    /** The process running under that name now; null while it waits to be started again, or if none is watched. */
    synchronized ChildProcess current(String name) {
        Watch watch = watches.get(name);
        return watch == null ? null : watch.process;
    }

    /**
     * Stops watching a process, which the caller then stops or kills: its exit is deliberate and it is not started
     * again. Returns it, or null if it was not running (waiting to be started again, which is then called off).
     */
    synchronized ChildProcess release(String name) {
        Watch watch = watches.remove(name);
        if (watch == null) {
            return null;
        }
        watch.cancel();
        return watch.process;
    }

    /**
     * Starts nothing again from now on. The processes keep running and stay known, for the caller to {@link #release}
     * and stop; a start in progress is interrupted and what it started is killed.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            watches.values().forEach(Watch::cancel);
        }
        thread.shutdownNow();
        try {
            thread.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Makes the process the one running under the watch's name, if the watch still stands. */
    private boolean adopt(Watch watch, ChildProcess process) {
        synchronized (this) {
            if (closed || watches.get(watch.name) != watch) {
                return false;
            }
            watch.process = process;
            watch.startedAt = Instant.now();
        }
        process.onExit().thenAcceptAsync(exit -> exited(watch, process, exit), thread);
        return true;
    }

    private synchronized void exited(Watch watch, ChildProcess process, int exit) {
        if (closed || watches.get(watch.name) != watch || watch.process != process) {
            return; // released (a deliberate stop) or replaced meanwhile
        }
        watch.process = null;
        Duration delay = watch.nextDelay(Duration.between(watch.startedAt, Instant.now()));
        log(watch.name + " exited unexpectedly (exit " + exit + "); starting it again in " + format(delay));
        watch.pending = thread.schedule(() -> startAgain(watch), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void startAgain(Watch watch) {
        synchronized (this) {
            if (closed || watches.get(watch.name) != watch) {
                return;
            }
            watch.pending = null;
        }
        ChildProcess process;
        try {
            process = watch.launch.start();
        } catch (Exception | Error e) {
            retryLater(watch, e);
            return;
        }
        if (adopt(watch, process)) {
            onStartedAgain.run();
        } else {
            killQuietly(process);
        }
    }

    private synchronized void retryLater(Watch watch, Throwable failure) {
        if (closed || watches.get(watch.name) != watch) {
            return;
        }
        Duration delay = watch.nextDelay(Duration.ZERO);
        log(watch.name + " did not start (" + failure.getMessage() + "); trying again in " + format(delay));
        watch.pending = thread.schedule(() -> startAgain(watch), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void killQuietly(ChildProcess process) {
        try {
            process.kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String format(Duration delay) {
        return delay.toMillis() % 1000 == 0 ? delay.toSeconds() + " s" : delay.toMillis() + " ms";
    }

    private static void log(String message) {
        System.out.println("[mflow] " + message);
    }

    /** A name under supervision: the process running under it, or the start it waits for. Guarded by the supervisor. */
    private final class Watch {
        final String name;
        final Launch launch;
        ChildProcess process;
        Instant startedAt;
        ScheduledFuture<?> pending;
        Duration delay;

        Watch(String name, Launch launch) {
            this.name = name;
            this.launch = launch;
        }

        Duration nextDelay(Duration uptime) {
            delay = backoff.next(delay, uptime);
            return delay;
        }

        void cancel() {
            if (pending != null) {
                pending.cancel(false);
                pending = null;
            }
        }
    }
}
