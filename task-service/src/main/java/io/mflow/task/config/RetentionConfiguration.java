package io.mflow.task.config;

import io.mflow.task.adapter.schedule.Sweep;
import io.mflow.task.app.ForgetRuns;
import io.mflow.task.app.JobTasks;
import io.mflow.task.app.PipelineTasks;
import io.mflow.task.app.Pipelines;
import io.mflow.task.app.RunHistory;
import io.mflow.task.domain.Retention;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Retention of finished runs: {@code mflow.retention.runs.max-age} (30 days) and {@code max-count} (the newest 1000
 * finished runs of each pipeline), at most {@code mflow.retention.batch} removals per sweep, every
 * {@code mflow.retention.sweep-every} in every replica (removals are idempotent, so replicas need not agree).
 */
@Configuration
class RetentionConfiguration {

    @Bean
    Retention runRetention(@Value("${mflow.retention.runs.max-age:30d}") Duration maxAge,
                           @Value("${mflow.retention.runs.max-count:1000}") int maxCount,
                           @Value("${mflow.retention.batch:500}") int batch) {
        return new Retention(maxAge, maxCount, batch);
    }

    @Bean
    ForgetRuns forgetRuns(PipelineTasks pipelineTasks, JobTasks jobTasks, Pipelines pipelines, RunHistory history,
                          Retention runRetention, Clock clock) {
        return new ForgetRuns(pipelineTasks, jobTasks, pipelines, history, runRetention, clock);
    }

    @Bean
    Sweep retentionSweep(ForgetRuns forgetRuns, @Value("${mflow.retention.sweep-every:10m}") Duration every) {
        return new Sweep("retention", forgetRuns::sweep, every);
    }
}
