package io.mflow.runner.config;

import io.mflow.localrunner.domain.KafkaLogin;
import io.mflow.localrunner.domain.StatusReporting;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything runner-service reads under {@code mflow.}.
 *
 * @param secretKey base64 of the 32-byte key that opens sealed params and tokens ({@code MFLOW_SECRET_KEY})
 * @param runner the LOCAL runner
 */
@ConfigurationProperties("mflow")
public record RunnerProperties(String secretKey, @DefaultValue Runner runner) {

    /**
     * @param workDir where each attempt gets its work dir
     * @param startTimeout how long a started wrapper may take to write its pid
     * @param killGrace between SIGTERM and SIGKILL on cancel
     * @param lostGrace how long recovery waits before calling a claimed attempt without a process lost
     * @param host the machine's name in each report's runner ({@code LOCAL@<host>}); unset: the host name
     * @param logInterval how often running jobs' new output is published
     * @param kubernetes the K8S_JOB runner's clusters
     * @param agents the AGENT runner's remote agents
     * @param statusBaseUrl task-service's public base URL, from which a job's {@code MFLOW_STATUS_URL} is made
     *                      ({@code <base>/api/v1/job-tasks/<id>/status})
     * @param kafkaReports where jobs may report over Kafka; unset: not offered to them
     * @param local the LOCAL runner: whether it runs jobs at all, and as whom
     * @param instanceId this instance's id among runner-service replicas; unset: a random id made once and kept in
     *                   {@code <workDir>/instance-id}, so a restart on the same host is the same instance
     * @param heartbeatEvery how often this instance renews its lease and looks for dead instances' executions
     * @param leaseFor how long a renewed lease holds: an instance silent for longer counts as dead, and a survivor
     *                 takes its executions over (more than {@code heartbeatEvery} plus the clocks' skew)
     */
    public record Runner(
            @DefaultValue("./data/runner") Path workDir,
            @DefaultValue("10s") Duration startTimeout,
            @DefaultValue("3s") Duration killGrace,
            @DefaultValue("2s") Duration lostGrace,
            String host,
            @DefaultValue("250ms") Duration logInterval,
            @DefaultValue Kubernetes kubernetes,
            @DefaultValue Agents agents,
            @DefaultValue("http://127.0.0.1:8080") String statusBaseUrl,
            @DefaultValue KafkaReports kafkaReports,
            @DefaultValue Local local,
            String instanceId,
            @DefaultValue("2s") Duration heartbeatEvery,
            @DefaultValue("6s") Duration leaseFor) {

        public Runner {
            if (heartbeatEvery != null && leaseFor != null && leaseFor.compareTo(heartbeatEvery) <= 0) {
                throw new IllegalArgumentException("mflow.runner.lease-for (" + leaseFor
                        + ") must be longer than mflow.runner.heartbeat-every (" + heartbeatEvery + ")");
            }
        }

        /** Where jobs report their own status, as their environment tells them. */
        public StatusReporting statusReporting() {
            return new StatusReporting(statusBaseUrl, kafkaReports.bootstrapServers(), KafkaLogin.ofNullable(
                    kafkaReports.securityProtocol(), kafkaReports.saslMechanism(), kafkaReports.username(),
                    kafkaReports.password()));
        }

        public String hostOrLocalName() {
            if (host != null && !host.isBlank()) {
                return host;
            }
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return "localhost";
            }
        }
    }

    /**
     * @param enabled whether LOCAL jobs run here at all ({@code MFLOW_RUNNER_LOCAL_ENABLED}); off, a LOCAL attempt
     *                fails at once with the reason and runs nothing
     * @param jobsDir where LOCAL jobs get their work dirs; unset: {@code workDir} when runner-service is not
     *                privileged, else {@code /var/tmp/mflow-jobs/<hash of workDir>}, outside {@code data/}
     * @param jobUsers when runner-service runs as root: the uids ({@code first-last}) its jobs run as, one per running
     *                 attempt, with a gid of the same number; they need no passwd entries
     */
    public record Local(@DefaultValue("true") boolean enabled, Path jobsDir,
                        @DefaultValue("200000-200999") String jobUsers) {
    }

    /**
     * @param bootstrapServers the brokers a job may produce its status reports to (on
     *                         {@code mflow.job-task-status-reports}), as the job reaches them; unset: jobs are not
     *                         told of Kafka and report over REST
     */
    /**
     * @param username the principal jobs log in as (the reporter: it may write status reports only); unset: the
     *                 broker wants no login. With it, {@code securityProtocol}, {@code saslMechanism} and
     *                 {@code password} are handed to jobs too, the password masked in their output.
     */
    public record KafkaReports(String bootstrapServers, @DefaultValue("SASL_PLAINTEXT") String securityProtocol,
                               @DefaultValue("SCRAM-SHA-256") String saslMechanism, String username,
                               String password) {
    }

    /**
     * @param heartbeatTimeout an agent silent for longer has its running attempts ended lost
     * @param pollWait how long an agent's request for work waits for some (a long poll)
     * @param checkInterval how often silent agents are looked for
     * @param maxPollsPerToken how many requests for work an agent user (all its tokens together) may hold open at
     *                         once; one more is answered 429 at once
     * @param maxConcurrency the most attempts one agent may hold at once, whatever concurrency it claims
     */
    public record Agents(@DefaultValue("60s") Duration heartbeatTimeout, @DefaultValue("20s") Duration pollWait,
                         @DefaultValue("5s") Duration checkInterval, @DefaultValue("4") int maxPollsPerToken,
                         @DefaultValue("16") int maxConcurrency) {
    }

    /**
     * @param clusters by name, the name a job gives in its {@code _kube_config} param
     * @param defaultCluster the cluster of a job that names none (unset: the only one, when there is one)
     * @param logInterval how often a running Job's pod logs are read from the API server
     * @param ttlSecondsAfterFinished the {@code spec.ttlSecondsAfterFinished} of a Job whose manifest gives none, so
     *                                Kubernetes deletes a finished Job (and, as its owner, its Secret) instead of
     *                                keeping it and the job's secrets forever; negative: none
     */
    public record Kubernetes(@DefaultValue Map<String, Cluster> clusters, String defaultCluster,
                             @DefaultValue("2s") Duration logInterval,
                             @DefaultValue("3600") int ttlSecondsAfterFinished) {
    }

    /**
     * @param kubeconfig a kubeconfig file; unset with {@code inCluster}: the pod's service account
     * @param context the kubeconfig's context to use (unset: its current one)
     * @param inCluster use the credentials Kubernetes mounts into runner-service's own pod
     * @param namespace where its Jobs go unless a job's {@code _namespace} says otherwise (unset: the manifest's, or
     *                  {@code default})
     * @param allowedNamespaces the namespaces its Jobs may go to, whichever of {@code _namespace}, {@code namespace}
     *                          or the manifest names it; a job naming another fails and nothing is created (unset:
     *                          any namespace runner-service's account may write to)
     */
    public record Cluster(Path kubeconfig, String context, boolean inCluster, String namespace,
                          @DefaultValue List<String> allowedNamespaces) {
    }
}
