package io.mflow.task.config;

import io.mflow.platform.aggregate.AggregateChanges;
import io.mflow.platform.net.OutboundAddresses;
import io.mflow.schemas.sealed.ReportProofs;
import io.mflow.schemas.sealed.SealedPlace;
import io.mflow.schemas.sealed.SealedValues;
import io.mflow.task.app.CancelJobTask;
import io.mflow.task.app.DecideAtGate;
import io.mflow.task.app.DefineJob;
import io.mflow.task.app.DeletePipeline;
import io.mflow.task.app.DefinePipeline;
import io.mflow.task.app.JobTasks;
import io.mflow.task.app.JobLogs;
import io.mflow.task.app.Jobs;
import io.mflow.task.app.LogFollowers;
import io.mflow.task.app.NoteTurnCame;
import io.mflow.task.app.Pipelines;
import io.mflow.task.app.NoteSentToRunner;
import io.mflow.task.app.ReportJobTaskStatus;
import io.mflow.task.adapter.schedule.Sweep;
import io.mflow.task.app.BuildConfigs;
import io.mflow.task.app.DefineBuildConfig;
import io.mflow.task.app.LaneTurns;
import io.mflow.task.app.ScheduleTurns;
import io.mflow.task.app.Schedules;
import io.mflow.task.app.Lanes;
import io.mflow.task.app.TakeGitDelivery;
import io.mflow.task.app.TriggerRecords;
import io.mflow.task.app.PipelineTasks;
import io.mflow.task.app.ReportPipelineTaskStatus;
import io.mflow.task.app.RetryJobTask;
import io.mflow.task.app.RetireJob;
import io.mflow.task.app.RunPipeline;
import io.mflow.task.app.RunSingleJob;
import io.mflow.task.app.RunnerTypes;
import io.mflow.task.app.Secrets;
import io.mflow.task.app.SkipJobTask;
import io.mflow.task.app.Subscriptions;
import io.mflow.task.app.Users;
import io.mflow.task.domain.JobTask;
import io.mflow.task.domain.JobTaskEvent;
import io.mflow.task.domain.PipelineTask;
import io.mflow.task.domain.PipelineTaskEvent;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
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
            public String seal(String plain, SealedPlace place) {
                return sealed.seal(plain, place);
            }

            @Override
            public String open(String value, SealedPlace place) {
                return sealed.open(value, place);
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
    RunnerTypes runnerTypes(TaskServiceProperties properties) {
        return new RunnerTypes(properties.jobs().runnerTypes(), properties.runner().local().enabled());
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
                                  Clock clock, RunnerTypes runnerTypes, ScheduleTurns scheduleTurns) {
        return new DefinePipeline(pipelines, runnerTypes.runnable(jobs), secrets, subscriptions, clock,
                scheduleTurns);
    }

    /**
     * {@code mflow.schedules.grace}: how late a sweep may see a due time for it to count as on time rather than
     * missed; {@code claim-for}: how long a replica has to start a due run before another one may.
     */
    @Bean
    ScheduleTurns scheduleTurns(Pipelines pipelines, Schedules schedules, RunPipeline runPipeline, Clock clock,
                                @Value("${mflow.schedules.grace:PT1M}") java.time.Duration grace,
                                @Value("${mflow.schedules.claim-for:PT1M}") java.time.Duration claimFor) {
        return new ScheduleTurns(pipelines, schedules, runPipeline, clock, grace, claimFor);
    }

    /**
     * The schedules' sweep: no in-process timer decides anything, the due times live in the store, so a due time that
     * passed while every replica was down is found by the first sweep after a start.
     */
    @Bean
    Sweep scheduleSweep(ScheduleTurns scheduleTurns,
                        @Value("${mflow.schedules.sweep-every:PT5S}") java.time.Duration every) {
        return new Sweep("schedule", scheduleTurns::sweep, every);
    }

    @Bean
    DeletePipeline deletePipeline(Pipelines pipelines, PipelineTasks pipelineTasks) {
        return new DeletePipeline(pipelines, pipelineTasks);
    }

    @Bean
    RetireJob retireJob(Jobs jobs, Pipelines pipelines) {
        return new RetireJob(jobs, pipelines);
    }

    @Bean
    RunPipeline runPipeline(Pipelines pipelines, Jobs jobs, AggregateChanges<JobTask, JobTaskEvent> jobTasks,
                            AggregateChanges<PipelineTask, PipelineTaskEvent> pipelineTasks, Secrets secrets,
                            Subscriptions subscriptions, Clock clock, RunnerTypes runnerTypes, LaneTurns laneTurns) {
        return new RunPipeline(pipelines, runnerTypes.runnable(jobs), jobTasks, pipelineTasks, secrets, subscriptions,
                clock, laneTurns);
    }

    @Bean
    DefineBuildConfig defineBuildConfig(BuildConfigs configs, Pipelines pipelines, Secrets secrets, Clock clock) {
        return new DefineBuildConfig(configs, pipelines, secrets, clock);
    }

    @Bean
    TakeGitDelivery takeGitDelivery(BuildConfigs configs, TriggerRecords records, RunPipeline runPipeline,
                                    Secrets secrets, Clock clock) {
        return new TakeGitDelivery(configs, records, runPipeline, secrets, clock);
    }

    /** The lanes' sweep: a run that ended while this service was down still lets the next one go. */
    @Bean
    Sweep laneSweep(LaneTurns laneTurns, @Value("${mflow.lanes.sweep-every:PT30S}") java.time.Duration every) {
        return new Sweep("lane", laneTurns::sweep, every);
    }

    @Bean
    LaneTurns laneTurns(Lanes lanes, PipelineTasks pipelineTasks,
                        AggregateChanges<PipelineTask, PipelineTaskEvent> changes, Clock clock) {
        return new LaneTurns(lanes, pipelineTasks, changes, clock);
    }

    @Bean
    ReportJobTaskStatus reportJobTaskStatus(AggregateChanges<JobTask, JobTaskEvent> jobTasks, Secrets secrets) {
        return new ReportJobTaskStatus(jobTasks, secrets);
    }

    @Bean
    NoteSentToRunner noteSentToRunner(AggregateChanges<JobTask, JobTaskEvent> jobTasks) {
        return new NoteSentToRunner(jobTasks);
    }

    @Bean
    RunSingleJob runSingleJob(Jobs jobs, AggregateChanges<JobTask, JobTaskEvent> jobTasks, Secrets secrets,
                              Subscriptions subscriptions, Clock clock, RunnerTypes runnerTypes) {
        return new RunSingleJob(runnerTypes.runnable(jobs), jobTasks, secrets, subscriptions, clock);
    }

    @Bean
    CancelJobTask cancelJobTask(AggregateChanges<JobTask, JobTaskEvent> jobTasks, Clock clock) {
        return new CancelJobTask(jobTasks, clock);
    }

    @Bean
    RetryJobTask retryJobTask(JobTasks jobTasks, PipelineTasks pipelineTasks,
                              AggregateChanges<JobTask, JobTaskEvent> changes, Secrets secrets, Clock clock,
                              LaneTurns laneTurns) {
        return new RetryJobTask(jobTasks, pipelineTasks, changes, secrets, clock, laneTurns);
    }

    @Bean
    SkipJobTask skipJobTask(AggregateChanges<JobTask, JobTaskEvent> jobTasks, Clock clock,
                            PipelineTasks pipelineTasks, LaneTurns laneTurns) {
        return new SkipJobTask(jobTasks, clock, pipelineTasks, laneTurns);
    }

    @Bean
    DecideAtGate decideAtGate(AggregateChanges<JobTask, JobTaskEvent> jobTasks, Clock clock) {
        return new DecideAtGate(jobTasks, clock);
    }

    @Bean
    NoteTurnCame noteTurnCame(AggregateChanges<JobTask, JobTaskEvent> jobTasks, Clock clock) {
        return new NoteTurnCame(jobTasks, clock);
    }

    @Bean
    ReportPipelineTaskStatus reportPipelineTaskStatus(AggregateChanges<PipelineTask, PipelineTaskEvent> pipelineTasks,
                                                      Clock clock, LaneTurns laneTurns) {
        return new ReportPipelineTaskStatus(pipelineTasks, clock, laneTurns);
    }

    /** One bound for the API's followers and the dashboard's log pages together. */
    @Bean
    LogFollowers logFollowers(JobTasks jobTasks, JobLogs logs,
                              @Value("${mflow.logs.followers-per-user:8}") int followersPerUser,
                              @Value("${mflow.logs.followers:256}") int followers, ObjectProvider<MeterRegistry> meters) {
        LogFollowers following = new LogFollowers(jobTasks, logs, followersPerUser, followers);
        meters.ifAvailable(registry -> Gauge.builder("mflow.log.followers", following, LogFollowers::followingNow)
                .description("Clients following a job's log live, through the API or a dashboard page")
                .register(registry));
        return following;
    }
}
