package io.mflow.runner.domain.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mflow.localrunner.domain.Param;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterChoiceTest {

    @Test
    void theReferencesRunnerParamsNameTheClusterAndTheNamespace() {
        assertThat(ClusterChoice.of(List.of(new Param("_kube_config", "prod", false),
                new Param("_kube_config_from", "MPAAS_K8S_CLUSTER_REF", false), new Param("_namespace", "builds", false))))
                .isEqualTo(new ClusterChoice("prod", "builds"));
        assertThat(ClusterChoice.of(List.of(new Param("_namespace", " ", false)))).isEqualTo(new ClusterChoice(null, null));
    }

    @Test
    void aKubeconfigPassedInAParamIsRefused() {
        assertThatThrownBy(() -> ClusterChoice.of(List.of(new Param("_kube_config_from", "MANUAL", false),
                new Param("_kube_config", "apiVersion: v1\nkind: Config", true))))
                .hasMessageContaining("clusters are configured on runner-service");
    }
}
