package io.mflow.runner.domain.kubernetes;

import io.mflow.localrunner.domain.Param;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where a job's Kubernetes Job goes, from the reference's runner params: {@code _kube_config} names one of the
 * clusters configured on runner-service (the reference's "existing cluster" form), {@code _namespace} the namespace.
 * A kubeconfig itself never travels in params (the reference's {@code MANUAL} form): it would be copied into every task
 * and event, so it is refused.
 */
public record ClusterChoice(String cluster, String namespace) {

    public static final String CLUSTER = "_kube_config";
    public static final String CLUSTER_FROM = "_kube_config_from";
    public static final String NAMESPACE = "_namespace";
    static final Set<String> RUNNER_PARAMS = Set.of(CLUSTER, CLUSTER_FROM, NAMESPACE);

    /** Blank values count as none: the cluster's settings decide. */
    public static ClusterChoice of(List<Param> params) {
        String from = value(params, CLUSTER_FROM).orElse("");
        if (from.equalsIgnoreCase("MANUAL")) {
            throw new IllegalArgumentException("a kubeconfig cannot be passed in " + CLUSTER + " (" + CLUSTER_FROM
                    + " MANUAL): clusters are configured on runner-service (mflow.runner.kubernetes.clusters) and "
                    + CLUSTER + " names one");
        }
        return new ClusterChoice(value(params, CLUSTER).orElse(null), value(params, NAMESPACE).orElse(null));
    }

    private static Optional<String> value(List<Param> params, String name) {
        return params.stream()
                .filter(p -> name.equals(p.name()) && p.value() != null && !p.value().isBlank())
                .map(p -> p.value().trim())
                .findFirst();
    }
}
