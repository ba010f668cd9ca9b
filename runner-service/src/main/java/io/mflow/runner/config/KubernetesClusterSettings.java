package io.mflow.runner.config;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.mflow.runner.adapter.kubernetes.KubernetesClusters;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Clients for the clusters configured under {@code mflow.runner.kubernetes.clusters}. */
final class KubernetesClusterSettings {

    private KubernetesClusterSettings() {
    }

    static KubernetesClusters clustersOf(RunnerProperties.Kubernetes settings) {
        Map<String, KubernetesClusters.Cluster> clusters = new LinkedHashMap<>();
        settings.clusters().forEach((name, cluster) -> clusters.put(name, new KubernetesClusters.Cluster(name,
                new KubernetesClientBuilder().withConfig(configOf(name, cluster)).build(), cluster.namespace(),
                Set.copyOf(cluster.allowedNamespaces()))));
        return new KubernetesClusters(clusters, settings.defaultCluster());
    }

    private static Config configOf(String name, RunnerProperties.Cluster cluster) {
        if (cluster.kubeconfig() != null) {
            return Config.fromKubeconfig(cluster.context(), cluster.kubeconfig().toFile());
        }
        if (cluster.inCluster()) {
            return new io.fabric8.kubernetes.client.ConfigBuilder().build(); // the service account Kubernetes mounts
        }
        throw new IllegalStateException("Kubernetes cluster " + name + " needs a kubeconfig or in-cluster: true");
    }
}
