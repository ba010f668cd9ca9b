package io.mflow.runner.adapter.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A Job's output, read from the API server: the logs of its pods, oldest first, and of each pod's containers in the
 * order they run (init containers first). It only ever grows at its end, as the log shipper needs: a container's log
 * is taken only once every container before it has ended, so two containers running side by side are shown one
 * after the other.
 */
final class PodLogs {

    private PodLogs() {
    }

    static byte[] of(KubernetesClient client, String namespace, List<Pod> pods) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Pod pod : pods) {
            boolean allEnded = true;
            for (Container container : containersOf(pod)) {
                out.writeBytes(logOf(client, namespace, pod, container.getName()));
                if (!hasEnded(pod, container.getName())) {
                    allEnded = false;
                    break;
                }
            }
            if (!allEnded) {
                break;
            }
        }
        return out.toByteArray();
    }

    private static byte[] logOf(KubernetesClient client, String namespace, Pod pod, String container) {
        try {
            String log = client.pods().inNamespace(namespace).withName(pod.getMetadata().getName())
                    .inContainer(container).getLog();
            return log == null ? new byte[0] : log.getBytes(StandardCharsets.UTF_8);
        } catch (KubernetesClientException e) {
            return new byte[0]; // not started yet, or gone: nothing to show
        }
    }

    private static List<Container> containersOf(Pod pod) {
        if (pod.getSpec() == null) {
            return List.of();
        }
        return Stream.concat(list(pod.getSpec().getInitContainers()).stream(), list(pod.getSpec().getContainers()).stream())
                .toList();
    }

    private static boolean hasEnded(Pod pod, String container) {
        if (pod.getStatus() == null) {
            return false;
        }
        List<ContainerStatus> statuses = new ArrayList<>(list(pod.getStatus().getInitContainerStatuses()));
        statuses.addAll(list(pod.getStatus().getContainerStatuses()));
        return statuses.stream().anyMatch(s -> container.equals(s.getName()) && s.getState() != null
                && s.getState().getTerminated() != null);
    }

    private static <T> List<T> list(List<T> list) {
        return list == null ? List.of() : list;
    }
}
