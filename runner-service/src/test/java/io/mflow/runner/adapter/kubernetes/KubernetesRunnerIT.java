package io.mflow.runner.adapter.kubernetes;

import static io.mflow.runner.JobCommandTopics.cancelJob;
import static io.mflow.runner.JobCommandTopics.param;
import static io.mflow.runner.JobCommandTopics.runJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.mflow.runner.JobCommandTopics;
import io.mflow.runner.RunnerServiceApplication;
import io.mflow.schemas.Topics;
import io.mflow.schemas.command.RunJob;
import io.mflow.schemas.common.RunParam;
import io.mflow.schemas.event.JobLogChunk;
import io.mflow.schemas.event.JobTaskStatusReported;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The K8S_JOB runner against fabric8's mock API server in CRUD mode: runner-service creates, watches and deletes
 * real API objects over HTTP, and the test plays the kubelet and the Job controller, moving pods and Jobs through
 * the states Kubernetes gives them. Last, runner-service is restarted with Jobs in every state.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubernetesRunnerIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String NS = "builds";
    private static EmbeddedKafkaKraftBroker broker;
    private static MongoServer mongo;
    private static KubernetesMockServer server;
    private static KubernetesClient kubelet;
    private static JobCommandTopics topics;
    private static Path workDir;
    private static Path kubeconfig;
    private static ConfigurableApplicationContext runner;

    @BeforeAll
    static void start() throws Exception {
        broker = new EmbeddedKafkaKraftBroker(1, 1, Topics.JOB_COMMANDS, Topics.JOB_TASK_STATUS_REPORTS,
                Topics.JOB_COMMANDS + Topics.DEAD_LETTER_SUFFIX, Topics.JOB_LOGS);
        broker.afterPropertiesSet();
        mongo = new MongoServer(new MemoryBackend());
        mongo.enableOplog();
        mongo.bind();
        Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), expectations,
                new KubernetesMixedDispatcher(expectations), false);
        server.init();
        kubelet = server.createClient();
        workDir = Files.createTempDirectory("k8s-runner");
        kubeconfig = workDir.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: mock
                    cluster:
                      server: %s
                contexts:
                  - name: mock
                    context: {cluster: mock, user: runner}
                current-context: mock
                users:
                  - name: runner
                    user: {token: runner-token}
                """.formatted(kubelet.getConfiguration().getMasterUrl()));
        topics = new JobCommandTopics(broker.getBrokersAsString());
        runner = startRunner();
    }

    private static ConfigurableApplicationContext startRunner() {
        return new SpringApplicationBuilder(RunnerServiceApplication.class).run(
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--spring.mongodb.uri=mongodb://" + mongo.getLocalAddress().getHostString() + ":"
                        + mongo.getLocalAddress().getPort(),
                "--mflow.kafka.topic-partitions=1",
                "--mflow.runner.work-dir=" + workDir.resolve("work"),
                "--mflow.runner.lost-grace=500ms",
                "--mflow.runner.kubernetes.clusters.mock.kubeconfig=" + kubeconfig,
                "--mflow.runner.kubernetes.clusters.mock.namespace=" + NS,
                "--mflow.runner.kubernetes.clusters.mock.allowed-namespaces=" + NS + ",team-b",
                // the same API server without a namespace setting: its Jobs go where their manifests say
                "--mflow.runner.kubernetes.clusters.plain.kubeconfig=" + kubeconfig,
                "--mflow.runner.kubernetes.default-cluster=mock",
                "--mflow.runner.kubernetes.log-interval=100ms",
                "--logging.level.org.apache.kafka=WARN",
                "--logging.level.kafka=WARN",
                "--logging.level.state.change.logger=WARN",
                "--logging.level.io.fabric8.mockwebserver=WARN");
    }

    @AfterAll
    static void stop() {
        if (runner != null) {
            runner.close();
        }
        topics.close();
        kubelet.close();
        server.destroy();
        mongo.shutdown();
        broker.destroy();
        org.springframework.util.FileSystemUtils.deleteRecursively(workDir.toFile());
    }

    private static RunJob k8sJob(String jobTaskId, String manifest, RunParam... params) {
        RunJob run = runJob(jobTaskId, manifest);
        run.setRunnerType("K8S_JOB");
        run.setParams(List.of(params));
        run.setLabels(Map.of("team", "Build & Release"));
        return run;
    }

    private static final String COUNTDOWN = """
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: test
            spec:
              backoffLimit: 0
              template:
                spec:
                  restartPolicy: Never
                  initContainers:
                    - name: prepare
                      image: busybox:1.36
                      command: ["sh", "-c", "echo preparing ${image_tag}"]
                  containers:
                    - name: main
                      image: busybox:${image_tag}
                      command: ["sh", "-c", "for i in 3 2 1; do echo $i; done; echo COUNTED=$COUNT_FROM > $MFLOW_OUTPUT"]
            """;

    /** The attempt's Job, in whichever namespace runner-service put it; null while there is none. */
    private static Job job(String jobTaskId) {
        return jobsOf(jobTaskId).stream().filter(j -> j.getMetadata().getName().equals("mflow-" + jobTaskId + "-1"))
                .findFirst().orElse(null);
    }

    private static String namespaceOf(String jobTaskId) {
        return job(jobTaskId).getMetadata().getNamespace();
    }

    private static List<Job> jobsOf(String jobTaskId) {
        return kubelet.batch().v1().jobs().inAnyNamespace().list().getItems().stream()
                .filter(j -> j.getMetadata().getName().startsWith("mflow-" + jobTaskId + "-")).toList();
    }

    /** What the Job controller and the kubelet do: a pod for the Job, in the given phase. */
    private static Pod podRuns(String jobTaskId, String phase) {
        String jobName = "mflow-" + jobTaskId + "-1";
        String namespace = namespaceOf(jobTaskId);
        Pod pod = new PodBuilder().withNewMetadata().withName(jobName + "-abcde").withNamespace(namespace)
                .withCreationTimestamp(Instant.now().toString())
                .withLabels(Map.of("app.kubernetes.io/managed-by", "mflow", "mflow.io/job", jobName, "job-name", jobName))
                .endMetadata()
                .withSpec(job(jobTaskId).getSpec().getTemplate().getSpec())
                .withNewStatus().withPhase(phase).endStatus()
                .build();
        return kubelet.pods().inNamespace(namespace).resource(pod).create();
    }

    private static void podEnds(String jobTaskId, String phase, int exitCode, String terminationMessage) {
        String podName = "mflow-" + jobTaskId + "-1-abcde";
        kubelet.pods().inNamespace(namespaceOf(jobTaskId)).withName(podName).edit(p -> new PodBuilder(p).editStatus().withPhase(phase)
                .withInitContainerStatuses(new ContainerStatusBuilder().withName("prepare")
                        .withState(new ContainerStateBuilder().withNewTerminated().withExitCode(0).withReason("Completed")
                                .endTerminated().build()).build())
                .withContainerStatuses(new ContainerStatusBuilder().withName("main")
                        .withState(new ContainerStateBuilder().withNewTerminated().withExitCode(exitCode)
                                .withReason(exitCode == 0 ? "Completed" : "Error").withMessage(terminationMessage)
                                .endTerminated().build()).build())
                .endStatus().build());
    }

    private static void jobCondition(String jobTaskId, String type, String reason, String message) {
        kubelet.batch().v1().jobs().inNamespace(namespaceOf(jobTaskId)).withName("mflow-" + jobTaskId + "-1").edit(j -> {
            j.setStatus(new io.fabric8.kubernetes.api.model.batch.v1.JobStatus());
            j.getStatus().setConditions(List.of(new JobConditionBuilder().withType(type).withStatus("True")
                    .withReason(reason).withMessage(message).build()));
            return j;
        });
    }

    private static void logsOfPod(String jobTaskId, String container, String text) {
        String podName = "mflow-" + jobTaskId + "-1-abcde";
        server.expect().get().withPath("/api/v1/namespaces/" + NS + "/pods/" + podName + "/log?pretty=false&container="
                + container).andReturn(200, text).always();
    }

    private static List<String> stages(String jobTaskId) {
        return topics.stagesOf(jobTaskId);
    }

    private static JobTaskStatusReported last(String jobTaskId) {
        List<org.apache.kafka.clients.consumer.ConsumerRecord<String, JobTaskStatusReported>> reports = topics.reportsOf(jobTaskId);
        return reports.get(reports.size() - 1).value();
    }

    @Test
    @Order(1)
    void aJobRunsAsAKubernetesJobFromCreatingToSucceededWithItsOutputsAndItsLogMasked() throws Exception {
        RunJob run = k8sJob("jt-k8s-ok", COUNTDOWN, param("image_tag", "1.36", false), param("COUNT_FROM", "3", false),
                param("jt-k8s-ok", "DB_PASSWORD", "hunter2", true));
        run.setTimeoutMillis(600_000L);
        topics.send(run);

        await().atMost(TIMEOUT).until(() -> job("jt-k8s-ok") != null && !Boolean.TRUE.equals(job("jt-k8s-ok").getSpec().getSuspend()));
        Job job = job("jt-k8s-ok");
        assertThat(job.getMetadata().getLabels()).containsEntry("team", "Build---Release")
                .containsEntry("app.kubernetes.io/managed-by", "mflow");
        assertThat(job.getMetadata().getAnnotations()).containsEntry("mflow.io/job-task-id", "jt-k8s-ok");
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(600);
        assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("busybox:1.36");
        Map<String, EnvVar> env = job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .collect(Collectors.toMap(EnvVar::getName, e -> e));
        assertThat(env.get("COUNT_FROM").getValue()).isEqualTo("3");
        assertThat(env.get("DB_PASSWORD").getValueFrom().getSecretKeyRef().getName()).isEqualTo("mflow-jt-k8s-ok-1");
        assertThat(kubelet.getKubernetesSerialization().asYaml(job)).doesNotContain("hunter2", "token-jt-k8s-ok");
        var secret = kubelet.secrets().inNamespace(NS).withName("mflow-jt-k8s-ok-1").get();
        assertThat(secret.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getKind()).isEqualTo("Job"));
        assertThat(new String(java.util.Base64.getDecoder().decode(secret.getData().get("MFLOW_UPDATE_TOKEN"))))
                .isEqualTo("token-jt-k8s-ok");
        Thread.sleep(300);
        assertThat(stages("jt-k8s-ok")).as("no pod runs yet").containsExactly("CREATING");

        logsOfPod("jt-k8s-ok", "prepare", "preparing 1.36\n");
        logsOfPod("jt-k8s-ok", "main", "3\n2\n1\npassword is hunter2\n");
        podRuns("jt-k8s-ok", "Running");
        await().atMost(TIMEOUT).until(() -> stages("jt-k8s-ok").contains("ACTIVE"));
        assertThat(last("jt-k8s-ok").getMessage()).isEqualTo("Pod mflow-jt-k8s-ok-1-abcde Status: Running");

        podEnds("jt-k8s-ok", "Succeeded", 0, "COUNTED=3\n");
        jobCondition("jt-k8s-ok", "Complete", null, null);
        await().atMost(TIMEOUT).until(() -> stages("jt-k8s-ok").contains("SUCCEEDED"));
        assertThat(stages("jt-k8s-ok")).containsExactly("CREATING", "ACTIVE", "SUCCEEDED");
        assertThat(last("jt-k8s-ok").getOutputs()).containsEntry("COUNTED", "3");
        assertThat(last("jt-k8s-ok").getRunner()).startsWith("K8S_JOB@");

        await().atMost(TIMEOUT).until(() -> topics.logsOf("jt-k8s-ok").stream().anyMatch(JobLogChunk::getLast));
        String log = topics.logsOf("jt-k8s-ok").stream().map(JobLogChunk::getText).collect(Collectors.joining());
        assertThat(log).isEqualTo("preparing 1.36\n3\n2\n1\npassword is ******\n");
    }

    @Test
    @Order(2)
    void aFailedJobFailsWithKubernetesReasonAndTheExitCode() throws Exception {
        topics.send(k8sJob("jt-k8s-fail", COUNTDOWN, param("image_tag", "1.36", false)));
        await().atMost(TIMEOUT).until(() -> job("jt-k8s-fail") != null);
        podRuns("jt-k8s-fail", "Running");
        podEnds("jt-k8s-fail", "Failed", 2, null);
        jobCondition("jt-k8s-fail", "Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit");

        await().atMost(TIMEOUT).until(() -> stages("jt-k8s-fail").contains("FAILED"));
        assertThat(last("jt-k8s-fail").getMessage()).isEqualTo(
                "BackoffLimitExceeded, Job has reached the specified backoff limit; container main exited with 2 (Error)");
        assertThat(last("jt-k8s-fail").getExitCode()).isEqualTo(2);
    }

    @Test
    @Order(2)
    void aManualStatusJobsCompleteHandsItsOutputsOverAndWaitsForAnOutsideReport() throws Exception {
        RunJob run = k8sJob("jt-k8s-handover", COUNTDOWN, param("image_tag", "1.36", false), param("COUNT_FROM", "5", false));
        run.setManualStatus(true);
        topics.send(run);
        await().atMost(TIMEOUT).until(() -> job("jt-k8s-handover") != null);
        Map<String, EnvVar> env = job("jt-k8s-handover").getSpec().getTemplate().getSpec().getContainers().get(0)
                .getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
        assertThat(env.get("MFLOW_STATUS_URL").getValue()).endsWith("/api/v1/job-tasks/jt-k8s-handover/status");
        assertThat(env.get("MFLOW_PIPELINE_TASK_ID").getValue()).isEqualTo("pt-jt-k8s-handover");
        podRuns("jt-k8s-handover", "Running");
        podEnds("jt-k8s-handover", "Succeeded", 0, "COUNTED=5\n");
        jobCondition("jt-k8s-handover", "Complete", null, null);

        await().atMost(TIMEOUT).until(() -> topics.reportsOf("jt-k8s-handover").stream()
                .anyMatch(r -> r.value().getAwaitingReport()));
        assertThat(stages("jt-k8s-handover")).containsExactly("CREATING", "ACTIVE", "ACTIVE");
        assertThat(last("jt-k8s-handover").getOutputs()).containsEntry("COUNTED", "5");
        assertThat(last("jt-k8s-handover").getReportId()).isEqualTo("jt-k8s-handover#1:ACTIVE:awaiting");
    }

    @Test
    @Order(3)
    void aCancelDeletesTheJobWithItsSecret() throws Exception {
        topics.send(k8sJob("jt-k8s-cancel", COUNTDOWN));
        await().atMost(TIMEOUT).until(() -> job("jt-k8s-cancel") != null);
        podRuns("jt-k8s-cancel", "Running");
        await().atMost(TIMEOUT).until(() -> stages("jt-k8s-cancel").contains("ACTIVE"));

        topics.send(cancelJob("jt-k8s-cancel", "canceled by alice"));

        await().atMost(TIMEOUT).until(() -> stages("jt-k8s-cancel").contains("CANCELED"));
        await().atMost(TIMEOUT).until(() -> job("jt-k8s-cancel") == null);
        assertThat(kubelet.secrets().inNamespace(NS).withName("mflow-jt-k8s-cancel-1").get()).isNull();
        assertThat(stages("jt-k8s-cancel")).containsExactly("CREATING", "ACTIVE", "CANCELED");
    }

    @Test
    @Order(4)
    void aJobThatRunsPastItsTimeoutIsStoppedAndFails() throws Exception {
        RunJob run = k8sJob("jt-k8s-slow", COUNTDOWN);
        run.setTimeoutMillis(1500L);
        topics.send(run);
        await().atMost(TIMEOUT).until(() -> job("jt-k8s-slow") != null);
        assertThat(job("jt-k8s-slow").getSpec().getActiveDeadlineSeconds()).isEqualTo(2);
        podRuns("jt-k8s-slow", "Running");

        await().atMost(TIMEOUT).until(() -> stages("jt-k8s-slow").contains("FAILED"));
        assertThat(last("jt-k8s-slow").getMessage()).isEqualTo("timed out after PT1.5S");
        await().atMost(TIMEOUT).until(() -> job("jt-k8s-slow") == null);
    }

    @Test
    @Order(5)
    void aJobDeletedBySomeoneElseIsLost() throws Exception {
        topics.send(k8sJob("jt-k8s-gone", COUNTDOWN));
        await().atMost(TIMEOUT).until(() -> job("jt-k8s-gone") != null);
        podRuns("jt-k8s-gone", "Running");
        await().atMost(TIMEOUT).until(() -> stages("jt-k8s-gone").contains("ACTIVE"));

        kubelet.batch().v1().jobs().inNamespace(NS).withName("mflow-jt-k8s-gone-1").delete();

        await().atMost(TIMEOUT).until(() -> stages("jt-k8s-gone").contains("FAILED"));
        assertThat(last("jt-k8s-gone").getLost()).isTrue();
        assertThat(last("jt-k8s-gone").getMessage()).contains("was deleted before it ended");
    }

    @Test
    @Order(6)
    void anUnknownClusterOrAKubeconfigInAParamFailsTheAttemptSayingWhy() throws Exception {
        topics.send(k8sJob("jt-k8s-nocluster", COUNTDOWN, param("_kube_config", "prod", false)));
        topics.send(k8sJob("jt-k8s-manual", COUNTDOWN, param("_kube_config_from", "MANUAL", false),
                param("jt-k8s-manual", "_kube_config", "apiVersion: v1", true)));
        topics.send(k8sJob("jt-k8s-notajob", "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n"));

        await().atMost(TIMEOUT).until(() -> stages("jt-k8s-nocluster").contains("FAILED")
                && stages("jt-k8s-manual").contains("FAILED") && stages("jt-k8s-notajob").contains("FAILED"));
        assertThat(last("jt-k8s-nocluster").getMessage()).contains("unknown Kubernetes cluster prod; clusters: [mock, plain]");
        assertThat(last("jt-k8s-manual").getMessage()).contains("clusters are configured on runner-service");
        assertThat(last("jt-k8s-notajob").getMessage()).contains("must be a batch/v1 Job manifest");
        assertThat(jobsOf("jt-k8s-nocluster")).isEmpty();
    }

    @Test
    @Order(6)
    void aTemplateValueThatLooksLikeYamlIsOneLiteralValueOfTheCreatedJobWhichGetsATtlAndOwnsItsSecret() throws Exception {
        topics.send(k8sJob("jt-k8s-inject-key", COUNTDOWN, param("image_tag", "x\nkind: Secret", false)));
        topics.send(k8sJob("jt-k8s-inject-doc", COUNTDOWN, param("image_tag", "a\n---\nkind: Pod", false)));

        await().atMost(TIMEOUT).until(() -> job("jt-k8s-inject-key") != null && job("jt-k8s-inject-doc") != null);
        Job key = job("jt-k8s-inject-key");
        Job doc = job("jt-k8s-inject-doc");
        assertThat(key.getKind()).isEqualTo("Job");
        assertThat(key.getSpec().getTemplate().getSpec().getContainers()).singleElement()
                .satisfies(c -> assertThat(c.getImage()).isEqualTo("busybox:x\nkind: Secret"));
        assertThat(key.getSpec().getTemplate().getSpec().getInitContainers().get(0).getCommand())
                .containsExactly("sh", "-c", "echo preparing x\nkind: Secret");
        assertThat(doc.getSpec().getTemplate().getSpec().getContainers()).singleElement()
                .satisfies(c -> assertThat(c.getImage()).isEqualTo("busybox:a\n---\nkind: Pod"));
        assertThat(key.getAdditionalProperties()).isEmpty();
        await().atMost(TIMEOUT).until(() -> kubelet.secrets().inNamespace(NS).withName("mflow-jt-k8s-inject-doc-1").get() != null);
        assertThat(kubelet.secrets().inAnyNamespace().list().getItems())
                .as("no Secret but the ones mflow makes for its Jobs").allSatisfy(secret ->
                        assertThat(secret.getMetadata().getName()).startsWith("mflow-jt-"));
        assertThat(kubelet.pods().inAnyNamespace().list().getItems()).as("no Pod but the ones the tests make")
                .noneMatch(pod -> pod.getMetadata().getName().contains("inject"));

        assertThat(key.getSpec().getTtlSecondsAfterFinished()).as("the default of a manifest without one").isEqualTo(3600);
        var secret = kubelet.secrets().inNamespace(NS).withName("mflow-jt-k8s-inject-doc-1").get();
        assertThat(secret.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getKind()).isEqualTo("Job");
            assertThat(owner.getName()).isEqualTo("mflow-jt-k8s-inject-doc-1");
            assertThat(owner.getUid()).isNotBlank().isEqualTo(doc.getMetadata().getUid());
        });
    }

    @Test
    @Order(6)
    void aManifestsOwnTtlWins() throws Exception {
        topics.send(k8sJob("jt-k8s-ttl", COUNTDOWN.replace("backoffLimit: 0", "backoffLimit: 0\n  ttlSecondsAfterFinished: 60")));

        await().atMost(TIMEOUT).until(() -> job("jt-k8s-ttl") != null);
        assertThat(job("jt-k8s-ttl").getSpec().getTtlSecondsAfterFinished()).isEqualTo(60);
    }

    @Test
    @Order(6)
    void aNamespaceTheClusterDoesNotAllowFailsTheAttemptAndCreatesNothing() throws Exception {
        topics.send(k8sJob("jt-k8s-kube-system", COUNTDOWN, param("_namespace", "kube-system", false)));
        topics.send(k8sJob("jt-k8s-team-b", COUNTDOWN, param("_namespace", "team-b", false)));

        await().atMost(TIMEOUT).until(() -> stages("jt-k8s-kube-system").contains("FAILED") && job("jt-k8s-team-b") != null);
        assertThat(last("jt-k8s-kube-system").getMessage()).contains(
                "namespace kube-system is not allowed on Kubernetes cluster mock; allowed: [builds, team-b]");
        assertThat(jobsOf("jt-k8s-kube-system")).isEmpty();
        assertThat(kubelet.secrets().inAnyNamespace().list().getItems())
                .noneMatch(secret -> secret.getMetadata().getName().contains("kube-system"));
        assertThat(namespaceOf("jt-k8s-team-b")).as("an allowed one is used").isEqualTo("team-b");
    }

    @Test
    @Order(7)
    void aRestartedRunnerPicksItsJobsUpAgainWithoutCreatingAnyTwice() throws Exception {
        topics.send(k8sJob("jt-k8s-r-running", COUNTDOWN));
        topics.send(k8sJob("jt-k8s-r-ends", COUNTDOWN));
        topics.send(k8sJob("jt-k8s-r-deleted", COUNTDOWN));
        // a cluster without a namespace setting: the Job goes where its manifest says, and is looked for there
        topics.send(k8sJob("jt-k8s-r-team", COUNTDOWN.replace("name: test", "name: test\n  namespace: team-a"),
                param("_kube_config", "plain", false)));
        await().atMost(TIMEOUT).until(() -> job("jt-k8s-r-running") != null && job("jt-k8s-r-ends") != null
                && job("jt-k8s-r-deleted") != null && job("jt-k8s-r-team") != null);
        assertThat(namespaceOf("jt-k8s-r-team")).isEqualTo("team-a");
        podRuns("jt-k8s-r-team", "Running");
        podRuns("jt-k8s-r-running", "Running");
        podRuns("jt-k8s-r-ends", "Running");
        await().atMost(TIMEOUT).until(() -> stages("jt-k8s-r-running").contains("ACTIVE")
                && stages("jt-k8s-r-ends").contains("ACTIVE"));

        runner.close();
        podEnds("jt-k8s-r-ends", "Succeeded", 0, "WHILE_DOWN=yes\n");
        jobCondition("jt-k8s-r-ends", "Complete", null, null);
        podEnds("jt-k8s-r-team", "Succeeded", 0, "TEAM=a\n");
        jobCondition("jt-k8s-r-team", "Complete", null, null);
        kubelet.batch().v1().jobs().inNamespace(NS).withName("mflow-jt-k8s-r-deleted-1").delete();
        // the same command delivered again after the restart must find the Job, not make another
        topics.send(k8sJob("jt-k8s-r-running", COUNTDOWN));
        runner = startRunner();
        await().atMost(TIMEOUT).until(() -> stages("jt-k8s-r-ends").contains("SUCCEEDED")
                && stages("jt-k8s-r-deleted").contains("FAILED") && stages("jt-k8s-r-team").contains("SUCCEEDED"));
        assertThat(last("jt-k8s-r-team").getOutputs()).containsEntry("TEAM", "a");
        assertThat(last("jt-k8s-r-ends").getOutputs()).containsEntry("WHILE_DOWN", "yes");
        assertThat(last("jt-k8s-r-deleted").getLost()).isTrue();

        podEnds("jt-k8s-r-running", "Succeeded", 0, "AFTER=restart\n");
        jobCondition("jt-k8s-r-running", "Complete", null, null);
        await().atMost(TIMEOUT).until(() -> stages("jt-k8s-r-running").contains("SUCCEEDED"));
        assertThat(stages("jt-k8s-r-running")).containsExactly("CREATING", "ACTIVE", "SUCCEEDED");
        assertThat(jobsOf("jt-k8s-r-running")).hasSize(1);
        assertThat(jobsOf("jt-k8s-r-ends")).hasSize(1);
        assertThat(jobsOf("jt-k8s-r-team")).hasSize(1);
    }
}
