package io.mflow.runner.adapter.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.mflow.localrunner.domain.Outcome;
import io.mflow.localrunner.domain.ReportStage;
import io.mflow.runner.domain.kubernetes.ClusterJobState;
import io.mflow.runner.domain.kubernetes.KubeNames;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches mflow's Jobs and their pods in one namespace of one cluster (informers: one list, then a watch, so the
 * API server is not polled), and tells each attempt's waiter when its pod runs and when its Job ended. Only the
 * namespaces mflow uses are watched, so runner-service needs no cluster-wide rights.
 */
final class NamespaceWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NamespaceWatch.class);

    /** What an attempt waits for: its pod running (with its phase), and its end. */
    record Waiter(CompletableFuture<String> running, CompletableFuture<Outcome> ended) {
    }

    private final KubernetesClient client;
    private final String namespace;
    private final Map<String, Waiter> waiters = new ConcurrentHashMap<>();
    private final SharedIndexInformer<Job> jobs;
    private final SharedIndexInformer<Pod> pods;

    NamespaceWatch(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
        this.jobs = client.batch().v1().jobs().inNamespace(namespace)
                .withLabel(KubeNames.MANAGED_BY_LABEL, KubeNames.MANAGED_BY)
                .inform(handler(job -> job.getMetadata().getName(), true), 0);
        this.pods = client.pods().inNamespace(namespace)
                .withLabel(KubeNames.MANAGED_BY_LABEL, KubeNames.MANAGED_BY)
                .inform(handler(NamespaceWatch::jobOf, false), 0);
    }

    /** The waiter of a Job, told at once if the Job already ran or ended. */
    Waiter waiter(String jobName) {
        Waiter waiter = waiters.computeIfAbsent(jobName,
                name -> new Waiter(new CompletableFuture<>(), new CompletableFuture<>()));
        Job job = jobs.getStore().getByKey(namespace + "/" + jobName);
        if (job == null) {
            job = client.batch().v1().jobs().inNamespace(namespace).withName(jobName).get();
        }
        if (job == null) {
            deleted(jobName);
        } else {
            evaluate(job);
        }
        return waiter;
    }

    /** What the Job, as just read, and its pods say now (read from the API server, not the informer's cache). */
    ClusterJobState.Seen seen(Job job) {
        List<Pod> its = client.pods().inNamespace(namespace)
                .withLabel(KubeNames.JOB_LABEL, job.getMetadata().getName()).list().getItems();
        return ClusterJobState.ofListed(conditions(job), its.stream().map(NamespaceWatch::pod).toList());
    }

    /** The pods of a Job, oldest first, as the informer has them. */
    List<Pod> podsOf(String jobName) {
        return pods.getStore().list().stream()
                .filter(p -> jobName.equals(jobOf(p)))
                .sorted(Comparator.comparing(p -> created(p.getMetadata().getCreationTimestamp()),
                        Comparator.nullsFirst(Comparator.naturalOrder())))
                .toList();
    }

    void forget(String jobName) {
        waiters.remove(jobName);
    }

    private <T> ResourceEventHandler<T> handler(Function<T, String> jobName, boolean isJob) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                changed(jobName.apply(obj));
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                changed(jobName.apply(newObj));
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                if (isJob) {
                    deleted(jobName.apply(obj));
                } else {
                    changed(jobName.apply(obj));
                }
            }
        };
    }

    private void changed(String jobName) {
        if (jobName == null || !waiters.containsKey(jobName)) {
            return;
        }
        Job job = jobs.getStore().getByKey(namespace + "/" + jobName);
        if (job != null) {
            evaluate(job);
        }
    }

    private void evaluate(Job job) {
        String name = job.getMetadata().getName();
        Waiter waiter = waiters.get(name);
        if (waiter == null) {
            return;
        }
        ClusterJobState.Seen seen = ClusterJobState.of(conditions(job), podsOf(name).stream().map(NamespaceWatch::pod).toList());
        if (seen instanceof ClusterJobState.Completing) {
            seen = seen(job); // the pod watch lags: ask the API server, which also knows when the pod is gone
        }
        if (seen instanceof ClusterJobState.Running running) {
            waiter.running().complete(running.message());
        } else if (seen instanceof ClusterJobState.Ended ended) {
            waiters.remove(name);
            waiter.ended().complete(ended.outcome());
        }
    }

    /** Someone deleted the Job before it ended (a cancel records its end first, so this changes nothing then). */
    private void deleted(String jobName) {
        Waiter waiter = jobName == null ? null : waiters.remove(jobName);
        if (waiter != null) {
            log.warn("the Kubernetes Job {}/{} is gone before it ended", namespace, jobName);
            waiter.ended().complete(new Outcome(ReportStage.FAILED,
                    "the Kubernetes Job " + namespace + "/" + jobName + " was deleted before it ended", Map.of(), true,
                    null));
        }
    }

    static List<ClusterJobState.Condition> conditions(Job job) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return List.of();
        }
        return job.getStatus().getConditions().stream()
                .map(c -> new ClusterJobState.Condition(c.getType(), c.getStatus(), c.getReason(), c.getMessage()))
                .toList();
    }

    static ClusterJobState.Pod pod(Pod pod) {
        List<ClusterJobState.ContainerEnd> ended = new ArrayList<>();
        if (pod.getStatus() != null) {
            addEnded(ended, pod.getStatus().getInitContainerStatuses());
            addEnded(ended, pod.getStatus().getContainerStatuses());
        }
        return new ClusterJobState.Pod(pod.getMetadata().getName(),
                pod.getStatus() == null ? null : pod.getStatus().getPhase(),
                created(pod.getMetadata().getCreationTimestamp()), ended);
    }

    private static void addEnded(List<ClusterJobState.ContainerEnd> ended, List<ContainerStatus> statuses) {
        if (statuses == null) {
            return;
        }
        for (ContainerStatus status : statuses) {
            if (status.getState() != null && status.getState().getTerminated() != null) {
                var terminated = status.getState().getTerminated();
                ended.add(new ClusterJobState.ContainerEnd(status.getName(),
                        terminated.getExitCode() == null ? 0 : terminated.getExitCode(), terminated.getReason(),
                        terminated.getMessage()));
            }
        }
    }

    private static String jobOf(Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        return labels == null ? null : labels.get(KubeNames.JOB_LABEL);
    }

    private static Instant created(String timestamp) {
        try {
            return timestamp == null ? null : Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @Override
    public void close() {
        jobs.close();
        pods.close();
    }
}
