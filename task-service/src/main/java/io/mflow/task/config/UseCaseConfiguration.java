package io.mflow.task.config;

import io.mflow.platform.net.OutboundAddresses;
import io.mflow.schemas.sealed.ReportProofs;
import io.mflow.schemas.sealed.SealedValues;
import io.mflow.task.app.CancelJobTask;
import io.mflow.task.app.DecideAtGate;
import io.mflow.task.app.DefineJob;
import io.mflow.task.app.DefinePipeline;
import io.mflow.task.app.JobTaskWrites;
import io.mflow.task.app.JobTasks;
import io.mflow.task.app.Jobs;
import io.mflow.task.app.NoteTurnCame;
import io.mflow.task.app.Outbox;
import io.mflow.task.app.OutboxRecords;
import io.mflow.task.app.PipelineTasks;
import io.mflow.task.app.Pipelines;
import io.mflow.task.app.RecentJobTasks;
import io.mflow.task.app.ReportJobTaskStatus;
import io.mflow.task.app.ReportPipelineTaskStatus;
import io.mflow.task.app.RetryJobTask;
import io.mflow.task.app.RunPipeline;
import io.mflow.task.app.RunSingleJob;
import io.mflow.task.app.Secrets;
import io.mflow.task.app.SkipJobTask;
import io.mflow.task.app.StageChanges;
import io.mflow.task.app.Subscriptions;
import io.mflow.task.app.Users;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The use cases are plain classes; this is where they meet their ports. */
@Configuration
class UseCaseConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    Secrets secrets(TaskServiceProperties properties) {
        SealedValues sealed = new SealedValues(properties.secretKey());
        return new Secrets() {
            @Override
            public String seal(String plain) {
                return sealed.seal(plain);
            }

            @Override
            public boolean isSealed(String value) {
                return SealedValues.isSealed(value);
            }

            @Override
            public boolean isProof(String value) {
                return ReportProofs.isProof(value);
            }

            @Override
            public boolean proves(String proof, String tokenHash, String reportId, String jobTaskId, String stage) {
                return ReportProofs.verify(proof, tokenHash, reportId, jobTaskId, stage);
            }
        };
    }

    @Bean
    DefineJob defineJob(Jobs jobs, Secrets secrets, Clock clock) {
        return new DefineJob(jobs, secrets, clock);
    }

    @Bean
    Subscriptions subscriptions(Users users, Secrets secrets,
                                @Value("${mflow.notify.allowed-private-networks:}") String allowedPrivateNetworks) {
        // the same setting as notify-service's: a url it would refuse to call is refused when it is defined
        OutboundAddresses addresses = OutboundAddresses.allowing(allowedPrivateNetworks);
        return new Subscriptions(users, secrets, addresses::refusal);
    }

    @Bean
    DefinePipeline definePipeline(Pipelines pipelines, Jobs jobs, Secrets secrets, Subscriptions subscriptions,
                                  Clock clock) {
        return new DefinePipeline(pipelines, jobs, secrets, subscriptions, clock);
    }

    /** More job tasks than one instance has in flight at once; a task takes one or two KB. */
    private static final long RECENT_JOB_TASKS = 10_000;

    @Bean
    RecentJobTasks recentJobTasks() {
        return new RecentJobTasks(RECENT_JOB_TASKS);
    }

    @Bean
    RunPipeline runPipeline(Pipelines pipelines, Jobs jobs, JobTasks jobTasks, RecentJobTasks recentJobTasks,
                            PipelineTasks pipelineTasks, Secrets secrets, Subscriptions subscriptions,
                            OutboxRecords records, Outbox outbox, Clock clock) {
        return new RunPipeline(pipelines, jobs, jobTasks, recentJobTasks, pipelineTasks, secrets, subscriptions, records,
                outbox,
                clock);
    }

    @Bean
    JobTaskWrites jobTaskWrites(JobTasks jobTasks, RecentJobTasks recentJobTasks, OutboxRecords records, Outbox outbox,
                                StageChanges stageChanges) {
        return new JobTaskWrites(jobTasks, recentJobTasks, records, outbox, stageChanges);
    }

    @Bean
    ReportJobTaskStatus reportJobTaskStatus(JobTasks jobTasks, RecentJobTasks recentJobTasks, Secrets secrets,
                                            JobTaskWrites writes) {
        return new ReportJobTaskStatus(jobTasks, recentJobTasks, secrets, writes);
    }

    @Bean
    RunSingleJob runSingleJob(Jobs jobs, JobTasks jobTasks, Secrets secrets, Subscriptions subscriptions,
                              OutboxRecords records, Outbox outbox, Clock clock) {
        return new RunSingleJob(jobs, jobTasks, secrets, subscriptions, records, outbox, clock);
    }

    @Bean
    CancelJobTask cancelJobTask(JobTaskWrites writes, Clock clock) {
        return new CancelJobTask(writes, clock);
    }

    @Bean
    RetryJobTask retryJobTask(JobTasks jobTasks, PipelineTasks pipelineTasks, JobTaskWrites writes, Secrets secrets,
                              Clock clock) {
        return new RetryJobTask(jobTasks, pipelineTasks, writes, secrets, clock);
    }

    @Bean
    SkipJobTask skipJobTask(JobTaskWrites writes, Clock clock) {
        return new SkipJobTask(writes, clock);
    }

    @Bean
    DecideAtGate decideAtGate(JobTaskWrites writes, Clock clock) {
        return new DecideAtGate(writes, clock);
    }

    @Bean
    NoteTurnCame noteTurnCame(JobTaskWrites writes, Clock clock) {
        return new NoteTurnCame(writes, clock);
    }

    @Bean
    ReportPipelineTaskStatus reportPipelineTaskStatus(PipelineTasks pipelineTasks, OutboxRecords records,
                                                      Outbox outbox, StageChanges stageChanges, Clock clock) {
        return new ReportPipelineTaskStatus(pipelineTasks, records, outbox, stageChanges, clock);
    }
}
