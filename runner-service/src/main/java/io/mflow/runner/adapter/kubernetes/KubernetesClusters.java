package io.mflow.runner.adapter.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The clusters runner-service may create Jobs in, by name, each with the namespace its Jobs go to unless a job says
 * otherwise. {@code defaultCluster}: the cluster of a job that names none (null: the only one, if there is one).
 */
public final class KubernetesClusters implements AutoCloseable {

    /** @param allowedNamespaces where its Jobs may go; empty: anywhere */
    public record Cluster(String name, KubernetesClient client, String namespace, Set<String> allowedNamespaces) {

        public Cluster(String name, KubernetesClient client, String namespace) {
            this(name, client, namespace, Set.of());
        }

        public Cluster {
            allowedNamespaces = Set.copyOf(allowedNamespaces);
        }

        /** A clear refusal of a namespace the cluster's settings do not allow, before anything is created. */
        public void checkAllows(String namespace) {
            if (!allowedNamespaces.isEmpty() && !allowedNamespaces.contains(namespace)) {
                throw new IllegalArgumentException("namespace " + namespace + " is not allowed on Kubernetes cluster "
                        + name + "; allowed: " + new java.util.TreeSet<>(allowedNamespaces)
                        + " (mflow.runner.kubernetes.clusters." + name + ".allowed-namespaces)");
            }
        }
    }

    private final Map<String, Cluster> byName;
    private final String defaultCluster;

    public KubernetesClusters(Map<String, Cluster> byName, String defaultCluster) {
        this.byName = new TreeMap<>(byName);
        this.defaultCluster = defaultCluster;
    }

    /** The named cluster, or the default one for null; a clear refusal when there is none. */
    public Cluster pick(String name) {
        if (byName.isEmpty()) {
            throw new IllegalArgumentException("no Kubernetes cluster is configured on runner-service "
                    + "(mflow.runner.kubernetes.clusters.<name>.kubeconfig or .in-cluster)");
        }
        String wanted = name != null ? name : defaultCluster != null ? defaultCluster
                : byName.size() == 1 ? byName.keySet().iterator().next() : null;
        if (wanted == null) {
            throw new IllegalArgumentException("the job names no cluster (_kube_config) and runner-service has "
                    + "no default (mflow.runner.kubernetes.default-cluster); clusters: " + byName.keySet());
        }
        Cluster cluster = byName.get(wanted);
        if (cluster == null) {
            throw new IllegalArgumentException("unknown Kubernetes cluster " + wanted + "; clusters: " + byName.keySet());
        }
        return cluster;
    }

    @Override
    public void close() {
        byName.values().forEach(c -> c.client().close());
    }
}
