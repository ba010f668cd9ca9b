package io.mflow.task.adapter.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.mflow.task.app.StageChanges;
import io.mflow.task.domain.Stage;
import org.springframework.stereotype.Component;

/** {@code mflow.job.task.transitions} and {@code mflow.pipeline.task.transitions}, tagged with the stage reached. */
@Component
class MicrometerStageChanges implements StageChanges {

    private final MeterRegistry registry;

    MicrometerStageChanges(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void jobTaskMoved(Stage to) {
        Counter.builder("mflow.job.task.transitions").tag("stage", to.name())
                .description("Job task stage changes stored, by the stage reached").register(registry).increment();
    }

    @Override
    public void pipelineTaskMoved(Stage to) {
        Counter.builder("mflow.pipeline.task.transitions").tag("stage", to.name())
                .description("Pipeline task stage changes stored, by the stage reached").register(registry).increment();
    }
}
