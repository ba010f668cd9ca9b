package io.mflow.task.adapter.schedule;

import io.mflow.task.app.LaneTurns;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the lanes' sweep when the service starts and then now and then: a run that ended while this service was
 * down, or between a run's write and its lane's, still lets the next one go.
 */
public class LaneSweep implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LaneSweep.class);

    private final LaneTurns laneTurns;
    private final Duration every;
    private ScheduledExecutorService executor;

    public LaneSweep(LaneTurns laneTurns, Duration every) {
        this.laneTurns = laneTurns;
        this.every = every;
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "lane-sweep");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::sweep, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sweep() {
        try {
            laneTurns.sweep();
        } catch (RuntimeException e) {
            log.warn("lane sweep failed, trying again in {}: {}", every, e.toString());
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
