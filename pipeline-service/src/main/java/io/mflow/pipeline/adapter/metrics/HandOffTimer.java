package io.mflow.pipeline.adapter.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.mflow.platform.outbox.OutboxListener;
import io.mflow.platform.outbox.OutboxRecord;
import io.mflow.schemas.Topics;
import io.mflow.schemas.command.RunJob;
import java.time.Duration;
import java.time.Instant;

/**
 * The stage hand-off, mflow's promise in one number: from a job's end as its runner reported it to the next job's
 * {@code RunJob} acknowledged by the broker. Only a {@code RunJob} that a job's end caused counts; the first
 * stage of a run, started by its plan, is no hand-off.
 */
public class HandOffTimer implements OutboxListener {

    private static final String RUN_JOB = RunJob.getClassSchema().getFullName();

    private final Timer timer;

    public HandOffTimer(MeterRegistry registry) {
        this.timer = Timer.builder("mflow.stage.handoff")
                .description("From a job's end, as its runner reported it, to the next job's RunJob acknowledged")
                .publishPercentiles(0.5, 0.95, 0.99)
                .publishPercentileHistogram()
                .register(registry);
    }

    @Override
    public void sent(OutboxRecord record, Instant acknowledgedAt) {
        if (record.causedAt() != null && RUN_JOB.equals(record.headers().get(Topics.TYPE_HEADER))) {
            Duration handOff = Duration.between(record.causedAt(), acknowledgedAt);
            timer.record(handOff.isNegative() ? Duration.ZERO : handOff);
        }
    }
}
