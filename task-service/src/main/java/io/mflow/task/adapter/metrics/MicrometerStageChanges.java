package io.mflow.task.adapter.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.mflow.task.app.StageChanges;
import io.mflow.task.domain.Status;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * {@code mflow.job.task.transitions} and {@code mflow.pipeline.task.transitions}, tagged with the stage reached.
 * Each counter is looked up once, on the first change to its stage, as every stage change stored passes here.
 */
@Component
class MicrometerStageChanges implements StageChanges {

    private final MeterRegistry registry;
    private final Map<Status, Counter> jobTasks = new ConcurrentHashMap<>();
    private final Map<Status, Counter> pipelineTasks = new ConcurrentHashMap<>();

    MicrometerStageChanges(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void jobTaskMoved(Status to) {
        jobTasks.computeIfAbsent(to, stage -> counter("mflow.job.task.transitions", stage, "Job")).increment();
    }

    @Override
    public void pipelineTaskMoved(Status to) {
        pipelineTasks.computeIfAbsent(to, stage -> counter("mflow.pipeline.task.transitions", stage, "Pipeline"))
                .increment();
    }

    private Counter counter(String name, Status stage, String kind) {
        return Counter.builder(name).tag("stage", stage.name())
                .description(kind + " task stage changes stored, by the stage reached").register(registry);
    }
}
