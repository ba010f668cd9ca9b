package io.mflow.launcher;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A Kubernetes API server (fabric8's mock, CRUD mode) with the test standing in for the Job controller and the
 * kubelet: each Job mflow creates and lets run gets a pod that runs for a moment, logs what {@code work} says, leaves
 * {@code work}'s outputs in its termination message, and completes. {@code work} sees the container's environment as
 * mflow set it, so what a job gets from earlier jobs shows in what it leaves.
 */
final class FakeKubelet implements AutoCloseable {

    /** What a pod "does" with its environment: its log and its termination message. */
    record Work(String log, String terminationMessage) {
    }

    static final String NAMESPACE = "builds";

    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final Path kubeconfig;
    private final Function<Map<String, String>, Work> work;
    private final Set<String> handled = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor();

    FakeKubelet(Path dir, Function<Map<String, String>, Work> work) throws Exception {
        Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
        this.server = new KubernetesMockServer(new Context(), new MockWebServer(), expectations,
                new KubernetesMixedDispatcher(expectations), false);
        server.init();
        this.client = server.createClient();
        this.work = work;
        this.kubeconfig = dir.resolve("kubeconfig");
        Files.createDirectories(dir);
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: mock
                    cluster: {server: %s}
                contexts:
                  - name: mock
                    context: {cluster: mock, user: runner}
                current-context: mock
                users:
                  - name: runner
                    user: {token: runner-token}
                """.formatted(client.getConfiguration().getMasterUrl()));
        thread.scheduleWithFixedDelay(this::step, 100, 100, TimeUnit.MILLISECONDS);
    }

    /** What runner-service needs to use this cluster as {@code mock}. */
    Map<String, String> runnerEnv() {
        return Map.of("MFLOW_RUNNER_KUBERNETES_CLUSTERS_MOCK_KUBECONFIG", kubeconfig.toString(),
                "MFLOW_RUNNER_KUBERNETES_CLUSTERS_MOCK_NAMESPACE", NAMESPACE,
                "MFLOW_RUNNER_KUBERNETES_LOG_INTERVAL", "200ms");
    }

    List<Job> jobs() {
        return client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems();
    }

    private void step() {
        try {
            for (Job job : jobs()) {
                String name = job.getMetadata().getName();
                if (!Boolean.TRUE.equals(job.getSpec().getSuspend()) && handled.add(name)) {
                    run(job);
                }
            }
        } catch (RuntimeException e) {
            System.err.println("fake kubelet: " + e);
        }
    }

    private void run(Job job) {
        String name = job.getMetadata().getName();
        String podName = name + "-x7k2p";
        var container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, String> env = new HashMap<>();
        for (EnvVar var : container.getEnv()) {
            env.put(var.getName(), var.getValue() != null ? var.getValue() : "<from secret " + var.getValueFrom()
                    .getSecretKeyRef().getName() + ">");
        }
        Work done = work.apply(env);
        server.expect().get().withPath("/api/v1/namespaces/" + NAMESPACE + "/pods/" + podName + "/log?pretty=false&container="
                + container.getName()).andReturn(200, done.log()).always();
        Pod pod = new PodBuilder().withNewMetadata().withName(podName).withNamespace(NAMESPACE)
                .withCreationTimestamp(Instant.now().toString())
                .withLabels(job.getSpec().getTemplate().getMetadata().getLabels())
                .endMetadata()
                .withSpec(job.getSpec().getTemplate().getSpec())
                .withNewStatus().withPhase("Running").endStatus()
                .build();
        client.pods().inNamespace(NAMESPACE).resource(pod).create();
        thread.schedule(() -> {
            client.pods().inNamespace(NAMESPACE).withName(podName).edit(p -> new PodBuilder(p).editStatus()
                    .withPhase("Succeeded")
                    .withContainerStatuses(new ContainerStatusBuilder().withName(container.getName())
                            .withState(new ContainerStateBuilder().withNewTerminated().withExitCode(0)
                                    .withReason("Completed").withMessage(done.terminationMessage()).endTerminated()
                                    .build()).build())
                    .endStatus().build());
            client.batch().v1().jobs().inNamespace(NAMESPACE).withName(name).edit(j -> {
                j.setStatus(new JobStatus());
                j.getStatus().setConditions(List.of(new JobConditionBuilder().withType("Complete").withStatus("True")
                        .build()));
                return j;
            });
        }, 500, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        thread.shutdownNow();
        client.close();
        server.destroy();
    }
}
