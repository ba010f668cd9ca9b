package io.mflow.runner.config;

import io.mflow.localrunner.process.JobUsers;
import io.mflow.platform.sweep.Sweep;
import io.mflow.runner.adapter.file.LocalWorkDirs;
import io.mflow.runner.adapter.mongo.MongoAgentJobHistory;
import io.mflow.runner.adapter.mongo.MongoExecutionHistory;
import io.mflow.runner.app.AgentLogs;
import io.mflow.runner.app.ForgetAgentJobs;
import io.mflow.runner.app.ForgetExecutions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Retention of executions and their work dirs: settled longer than {@code mflow.retention.executions.max-age} (30
 * days) ago, at most {@code mflow.retention.batch} every {@code mflow.retention.sweep-every}, in every replica. Kept
 * apart from {@link RunnerConfiguration} on purpose: it only reads what the rest of runner-service writes.
 */
@Configuration(proxyBeanMethods = false)
class RetentionConfiguration {

    @Bean
    ForgetExecutions forgetExecutions(MongoTemplate mongo, RunnerProperties properties, Clock clock, AgentLogs agentOutput,
                                      @Value("${mflow.retention.executions.max-age:30d}") Duration maxAge,
                                      @Value("${mflow.retention.batch:500}") int batch) {
        RunnerProperties.Runner settings = properties.runner();
        // where LOCAL attempts get their dirs (as RunnerConfiguration picks it), and the work dir itself
        Path jobs = settings.local().jobsDir() != null ? settings.local().jobsDir()
                : JobUsers.runnerIsPrivileged() ? RunnerConfiguration.defaultJobsDir(settings.workDir())
                : settings.workDir();
        return new ForgetExecutions(new MongoExecutionHistory(mongo),
                new LocalWorkDirs(List.of(jobs, settings.workDir())), agentOutput, maxAge, batch, clock);
    }

    /** The AGENT attempts' records (agent_jobs), settled as long ago as the executions removed with them. */
    @Bean
    ForgetAgentJobs forgetAgentJobs(MongoTemplate mongo, Clock clock,
                                    @Value("${mflow.retention.executions.max-age:30d}") Duration maxAge,
                                    @Value("${mflow.retention.batch:500}") int batch) {
        return new ForgetAgentJobs(new MongoAgentJobHistory(mongo), maxAge, batch, clock);
    }

    @Bean
    Sweep retentionSweep(ForgetExecutions forgetExecutions, ForgetAgentJobs forgetAgentJobs,
                         @Value("${mflow.retention.sweep-every:10m}") Duration every) {
        return new Sweep("retention", () -> {
            forgetExecutions.sweep();
            forgetAgentJobs.sweep();
        }, every);
    }
}
