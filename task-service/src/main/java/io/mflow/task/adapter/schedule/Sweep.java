package io.mflow.task.adapter.schedule;

import java.time.Duration;

/**
 * task-service's sweeps: the platform's {@link io.mflow.platform.sweep.Sweep}, which every service's background
 * chores share, under the name task-service's wiring has always used.
 */
public class Sweep extends io.mflow.platform.sweep.Sweep {

    /** @param name what it sweeps, e.g. {@code lane}: its thread is {@code <name>-sweep} */
    public Sweep(String name, Runnable work, Duration every) {
        super(name, work, every);
    }
}
