package io.mflow.runner.config;

import io.mflow.localrunner.domain.StatusReporting;
import io.mflow.platform.aggregate.AggregateChanges;
import io.mflow.platform.outbox.OutboxRelay;
import io.mflow.platform.outbox.OutboxStore;
import io.mflow.runner.adapter.agent.AgentRunner;
import io.mflow.runner.adapter.kafka.JobCommandListener;
import io.mflow.runner.adapter.kafka.KafkaLogPublisher;
import io.mflow.runner.adapter.kafka.ReportRecords;
import io.mflow.runner.adapter.kafka.TaskEndListener;
import io.mflow.runner.adapter.kubernetes.KubernetesClusters;
import io.mflow.runner.adapter.kubernetes.KubernetesJobRunner;
import io.mflow.runner.adapter.local.InstanceIdFile;
import io.mflow.runner.adapter.local.LocalRunner;
import io.mflow.runner.adapter.local.TurnedOffRunner;
import io.mflow.localrunner.process.JobUsers;
import io.mflow.localrunner.process.LocalProcesses;
import java.nio.file.Path;
import io.mflow.runner.adapter.mongo.MongoAgentJobs;
import io.mflow.runner.adapter.mongo.MongoAgentLogs;
import io.mflow.runner.adapter.mongo.MongoRunnerLeases;
import io.mflow.runner.adapter.mongo.MongoAgents;
import io.mflow.runner.adapter.mongo.ExecutionOutboxes;
import io.mflow.runner.adapter.mongo.MongoExecutions;
import io.mflow.runner.app.AgentDispatch;
import io.mflow.runner.app.AgentLogs;
import io.mflow.runner.app.AttemptSecrets;
import io.mflow.runner.app.CancelAttempt;
import io.mflow.runner.app.ExecutionChanges;
import io.mflow.runner.app.Executions;
import io.mflow.localrunner.domain.KafkaLogin;
import io.mflow.platform.web.OpenRequests;
import io.mflow.runner.app.OutsideReports;
import io.mflow.runner.app.RecoverExecutions;
import io.mflow.runner.app.RunAttempt;
import io.mflow.runner.app.Runners;
import io.mflow.runner.app.Secrets;
import io.mflow.runner.app.TakeOverExecutions;
import io.mflow.runner.app.ShipLogs;
import io.mflow.runner.domain.Execution;
import io.mflow.runner.domain.Report;
import io.mflow.runner.domain.agent.AgentJob;
import io.mflow.schemas.sealed.SealedValues;
import io.mflow.schemas.serde.AvroDeserializer;
import io.mflow.schemas.serde.AvroSerializer;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

/** Wires the domain core, the use cases and their adapters. */
@Configuration(proxyBeanMethods = false)
public class RunnerConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    Secrets secrets(RunnerProperties properties) {
        return new SealedValues(properties.secretKey())::open;
    }

    @Bean
    MongoExecutions executions(MongoTemplate mongo) {
        return new MongoExecutions(mongo);
    }

    @Bean
    ReportRecords reportRecords(Secrets secrets, RunnerProperties properties, AvroSerializer recordSerializer) {
        return new ReportRecords(secrets, properties.runner().hostOrLocalName(), recordSerializer);
    }

    /** The executions' outboxes; the platform creates the relay that sends them. */
    @Bean
    OutboxStore executionOutboxes(MongoTemplate mongo, ReportRecords reportRecords) {
        return new ExecutionOutboxes(mongo, reportRecords);
    }

    /** More attempts than one instance runs at once; an execution takes about a KB. */
    private static final long RECENT_EXECUTIONS = 10_000;

    @Bean
    AggregateChanges<Execution, Report> executionChanges(MongoExecutions executions, ReportRecords reportRecords,
                                                         OutboxRelay relay) {
        return ExecutionChanges.of(MongoExecutions.COLLECTION, executions, reportRecords, relay, RECENT_EXECUTIONS);
    }

    @Bean(destroyMethod = "close")
    KubernetesClusters kubernetesClusters(RunnerProperties properties) {
        return KubernetesClusterSettings.clustersOf(properties.runner().kubernetes());
    }

    /** In the store, not on one instance's disk: an agent's parts may reach any instance, the owner ships them. */
    @Bean
    AgentLogs agentLogs(MongoTemplate mongo) {
        return new MongoAgentLogs(mongo);
    }

    /**
     * An agent job's changes announce nothing (runner-service reports them as its execution's), so they have no
     * records to encode and none for the relay.
     */
    @Bean
    AgentDispatch agentDispatch(MongoTemplate mongo, AggregateChanges<Execution, Report> executions, Secrets secrets,
                                AgentLogs logs, RunnerProperties properties, Clock clock) {
        MongoAgentJobs agentJobs = new MongoAgentJobs(mongo);
        AggregateChanges<AgentJob, Void> changes = AggregateChanges.unannounced(MongoAgentJobs.COLLECTION,
                AgentJob::attemptId, agentJobs).build();
        return new AgentDispatch(changes, agentJobs, new MongoAgents(mongo), executions, secrets, logs, clock,
                properties.runner().agents().heartbeatTimeout(), properties.runner().agents().maxConcurrency());
    }

    @Bean
    OpenRequests longPolls(RunnerProperties properties) {
        return OpenRequests.perCaller(properties.runner().agents().maxPollsPerToken());
    }

    /** Looks for agents gone silent; their attempts end lost. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService silentAgentCheck(AgentDispatch dispatch, RunnerProperties properties) {
        ScheduledExecutorService check = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "agent-heartbeats");
            t.setDaemon(true);
            return t;
        });
        long every = properties.runner().agents().checkInterval().toMillis();
        check.scheduleWithFixedDelay(() -> {
            try {
                dispatch.loseSilentAgents();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(RunnerConfiguration.class)
                        .warn("silent agents could not be checked now: {}", e.toString());
            }
        }, every, every, TimeUnit.MILLISECONDS);
        return check;
    }

    @Bean
    Runners runners(RunnerProperties properties, KubernetesClusters clusters, Secrets secrets, Clock clock,
                    AgentDispatch agents, AgentLogs agentLogs) {
        RunnerProperties.Runner local = properties.runner();
        StatusReporting reporting = local.statusReporting();
        return Runners.of(Map.of(
                LocalRunner.TYPE, localRunner(local, reporting),
                KubernetesJobRunner.TYPE,
                new KubernetesJobRunner(clusters, secrets, local.kubernetes().logInterval(), clock, reporting,
                        local.kubernetes().ttlSecondsAfterFinished()),
                AgentRunner.TYPE,
                new AgentRunner(agents, agentLogs)));
    }

    /**
     * Turned off, LOCAL attempts fail at once; run by root, each job runs as a user of its own in a jobs dir outside
     * {@code data/}, so it reads neither the engine's secrets nor another job's files.
     */
    private static io.mflow.runner.app.Runner localRunner(RunnerProperties.Runner settings, StatusReporting reporting) {
        RunnerProperties.Local local = settings.local();
        if (!local.enabled()) {
            return new TurnedOffRunner();
        }
        if (!JobUsers.runnerIsPrivileged()) {
            Path root = local.jobsDir() != null ? local.jobsDir() : settings.workDir();
            return new LocalRunner(new LocalProcesses(root, settings.startTimeout(), settings.killGrace(),
                    System.getenv()), reporting);
        }
        Path root = local.jobsDir() != null ? local.jobsDir() : defaultJobsDir(settings.workDir());
        return new LocalRunner(new LocalProcesses(root, settings.startTimeout(), settings.killGrace(),
                System.getenv(), JobUsers.of(local.jobUsers())), reporting);
    }

    private static void renew(TakeOverExecutions takeOver) {
        try {
            takeOver.renewLease();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(RunnerConfiguration.class)
                    .warn("the lease could not be renewed now: {}", e.toString());
        }
    }

    /** Each step on its own: a store hiccup in one does not skip the others for a whole heartbeat. */
    private static void sweep(TakeOverExecutions takeOver, AgentDispatch agents, RunAttempt runAttempt) {
        for (Runnable step : List.<Runnable>of(takeOver::sweep, agents::tellWaiters,
                runAttempt::stopCanceledElsewhere)) {
            try {
                step.run();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(RunnerConfiguration.class)
                        .warn("a heartbeat step could not be carried out now: {}", e.toString());
            }
        }
    }

    /** One per runner's work dir, so two engines on a host do not share work dirs (attempt ids repeat). */
    static Path defaultJobsDir(Path workDir) {
        String where = workDir.toAbsolutePath().normalize().toString();
        return Path.of("/var/tmp/mflow-jobs", Integer.toHexString(where.hashCode()));
    }

    @Bean(destroyMethod = "close")
    @SuppressWarnings("unchecked")
    ShipLogs shipLogs(ProducerFactory<?, ?> producers, AttemptSecrets attemptSecrets, RunnerProperties properties,
                      Clock clock) {
        KafkaTemplate<Object, Object> kafka = new KafkaTemplate<>((ProducerFactory<Object, Object>) producers);
        return new ShipLogs(new KafkaLogPublisher(kafka), attemptSecrets, properties.runner().logInterval(), clock);
    }

    @Bean
    AttemptSecrets attemptSecrets(Secrets secrets, RunnerProperties properties) {
        KafkaLogin login = properties.runner().statusReporting().kafkaLogin();
        return new AttemptSecrets(secrets, login == null || login.password() == null ? List.of()
                : List.of(login.password()));
    }

    @Bean
    RunAttempt runAttempt(AggregateChanges<Execution, Report> executions, Runners runners, Secrets secrets,
            AttemptSecrets attemptSecrets, ShipLogs shipLogs, OutsideReports outsideReports, Clock clock,
            RunnerProperties properties) {
        return new RunAttempt(executions, runners, secrets, attemptSecrets, shipLogs, outsideReports, clock,
                instanceId(properties.runner()));
    }

    /** The configured id, else the one kept in the work dir: the same after a restart on the same host. */
    static String instanceId(RunnerProperties.Runner settings) {
        String configured = settings.instanceId();
        return configured != null && !configured.isBlank() ? configured.trim()
                : InstanceIdFile.in(settings.workDir());
    }

    @Bean
    OutsideReports outsideReports(AggregateChanges<Execution, Report> executions) {
        return new OutsideReports(executions);
    }

    @Bean
    TaskEndListener taskEndListener(OutsideReports outsideReports, KafkaProperties kafka, RunAttempt runAttempt) {
        AvroDeserializer deserializer = new AvroDeserializer();
        deserializer.configure(kafka.getProperties(), false);
        return new TaskEndListener(outsideReports, deserializer, TaskEndListener.groupOf(runAttempt.self()));
    }

    @Bean
    CancelAttempt cancelAttempt(AggregateChanges<Execution, Report> executions, Runners runners, Clock clock,
                                RunAttempt runAttempt) {
        return new CancelAttempt(executions, runners, clock, runAttempt.self());
    }

    @Bean
    RecoverExecutions recoverExecutions(Executions executions, RunAttempt runAttempt, Runners runners,
            RunnerProperties properties) {
        return new RecoverExecutions(executions, runAttempt, runners, properties.runner().lostGrace());
    }

    @Bean
    TakeOverExecutions takeOverExecutions(MongoTemplate mongo, Executions executions, RunAttempt runAttempt,
                                          RecoverExecutions recovery, RunnerProperties properties, Clock clock) {
        return new TakeOverExecutions(new MongoRunnerLeases(mongo), executions, runAttempt, recovery,
                properties.runner().hostOrLocalName(), properties.runner().leaseFor(), clock);
    }

    @Bean
    JobCommandListener jobCommandListener(RunAttempt runAttempt, CancelAttempt cancelAttempt, Secrets secrets) {
        return new JobCommandListener(runAttempt, cancelAttempt, secrets);
    }

    /**
     * Recovery runs before the listener containers start (they start in a later phase), so a replayed command
     * and the recovery of the same attempt do not race; the relay sends what recovery reports. The lease is taken
     * first, so no survivor takes this instance for dead while it recovers; then it is renewed every heartbeat, which
     * also takes over dead instances' executions, tells agent waiters of reports other instances took, and stops
     * LOCAL processes canceled through another instance. A stop ends the heartbeat but keeps the lease: a restart
     * within it finds its executions its own; a longer absence hands them to survivors.
     */
    @Bean
    SmartLifecycle recoveryOnStart(RecoverExecutions recovery, OutboxRelay relay, TakeOverExecutions takeOver,
                                   AgentDispatch agents, RunAttempt runAttempt, RunnerProperties properties) {
        return new SmartLifecycle() {
            private volatile boolean running;
            private ScheduledExecutorService heartbeat;

            @Override
            public void start() {
                takeOver.renewLease();
                recovery.recover();
                relay.sweep();
                heartbeat = Executors.newScheduledThreadPool(2, r -> {
                    Thread t = new Thread(r, "runner-heartbeat");
                    t.setDaemon(true);
                    return t;
                });
                long every = properties.runner().heartbeatEvery().toMillis();
                heartbeat.scheduleWithFixedDelay(() -> renew(takeOver), every, every, TimeUnit.MILLISECONDS);
                heartbeat.scheduleWithFixedDelay(() -> sweep(takeOver, agents, runAttempt), every, every,
                        TimeUnit.MILLISECONDS);
                running = true;
            }

            @Override
            public void stop() {
                if (heartbeat != null) {
                    heartbeat.shutdownNow();
                }
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }

            @Override
            public int getPhase() {
                return 0;
            }
        };
    }
}
