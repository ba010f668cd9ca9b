package io.mflow.task.adapter.schedule;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs one of the service's repairs when it starts and then every {@code every}, in every replica. What the sweeps
 * repair lives in the store (a lane a run left, a schedule's due time, an approval's run not noted yet), so a sweep
 * decides nothing in memory: it finds what a crash or another replica left and finishes it through the store. A
 * failed sweep is tried again at the next turn.
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
