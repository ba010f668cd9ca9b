package io.mflow.task.adapter.schedule;

import io.mflow.task.app.ReleaseApprovals;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Finishes, when the service starts and then now and then, PASSED approvals with autoRun whose run was not noted: a
 * crash between the pass and the run (or the run and its note) neither loses the run nor starts a second one.
 */
public class ApprovalSweep implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ApprovalSweep.class);

    private final ReleaseApprovals approvals;
    private final Duration every;
    private ScheduledExecutorService executor;

    public ApprovalSweep(ReleaseApprovals approvals, Duration every) {
        this.approvals = approvals;
        this.every = every;
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "approval-sweep");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::sweep, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sweep() {
        try {
            approvals.sweep();
        } catch (RuntimeException e) {
            log.warn("approval sweep failed, trying again in {}: {}", every, e.toString());
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
