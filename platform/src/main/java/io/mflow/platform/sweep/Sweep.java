package io.mflow.platform.sweep;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs one of a service's background chores when it starts and then every {@code every}, in every replica: repairs
 * (a lane a run left, a schedule's due time) and retention (removing what is older than it is kept). What a sweep
 * works on lives in the store, so it decides nothing in memory and replicas need not agree: it finds what is due and
 * finishes it through the store, idempotently. A failed sweep is tried again at the next turn.
 */
public class Sweep implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Sweep.class);

    private final String name;
    private final Runnable work;
    private final Duration every;
    private ScheduledExecutorService executor;

    /** @param name what it sweeps, e.g. {@code lane}: its thread is {@code <name>-sweep} */
    public Sweep(String name, Runnable work, Duration every) {
        this.name = name;
        this.work = work;
        this.every = every;
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name + "-sweep");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::sweep, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sweep() {
        try {
            work.run();
        } catch (RuntimeException e) {
            log.warn("{} sweep failed, trying again in {}: {}", name, every, e.toString());
        }
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
