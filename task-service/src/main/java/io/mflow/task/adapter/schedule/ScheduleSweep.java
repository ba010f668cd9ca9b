package io.mflow.task.adapter.schedule;

import io.mflow.task.app.ScheduleTurns;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the schedules' sweep in every replica when the service starts and then every few seconds. No in-process
 * timer decides anything: the due times live in the store, so a due time that passed while every replica was down is
 * found by the first sweep after a start, and replicas sweeping at once agree through the store on who fires.
 */
public class ScheduleSweep implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ScheduleSweep.class);

    private final ScheduleTurns scheduleTurns;
    private final Duration every;
    private ScheduledExecutorService executor;

    public ScheduleSweep(ScheduleTurns scheduleTurns, Duration every) {
        this.scheduleTurns = scheduleTurns;
        this.every = every;
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "schedule-sweep");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::sweep, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sweep() {
        try {
            scheduleTurns.sweep();
        } catch (RuntimeException e) {
            log.warn("schedule sweep failed, trying again in {}: {}", every, e.toString());
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
