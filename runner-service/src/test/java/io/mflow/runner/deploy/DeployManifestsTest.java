package io.mflow.runner.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests in deploy/kubernetes, read as the API server would read them (fabric8's model), and held to
 * what a cluster operator relies on: every workload probed, bounded and on a pinned image, no secret in plain text,
 * selectors and ports that meet.
 */
class DeployManifestsTest {

    private static final Path MANIFESTS = Path.of("..", "deploy", "kubernetes");
    /** Env names whose value is a secret: it must come from a Secret, never be written in a manifest. */
    private static final Pattern SECRET_NAME = Pattern.compile(".*(SECRET|PASSWORD|TOKEN|_KEY|JAAS|MONGODB_URI).*");
    private static final List<String> SERVICES = List.of("task-service", "pipeline-service", "runner-service",
            "notify-service");

    private static final List<HasMetadata> RESOURCES = new ArrayList<>();

    @BeforeAll
    static void readEveryManifest() throws IOException {
        KubernetesSerialization serialization = new KubernetesSerialization();
        try (Stream<Path> files = Files.list(MANIFESTS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                Object parsed = serialization.unmarshal(Files.readString(file));
                if (parsed instanceof List<?> documents) {
                    documents.forEach(document -> RESOURCES.add((HasMetadata) document));
                } else {
                    RESOURCES.add((HasMetadata) parsed);
                }
            }
        }
    }

    @Test
    void everyDocumentIsAKindKubernetesKnowsWithNoMisspelledField() {
        assertThat(RESOURCES).isNotEmpty().allSatisfy(resource -> {
            assertThat(resource).as(resource.getKind() + " " + resource.getMetadata().getName())
                    .isNotInstanceOf(GenericKubernetesResource.class);
            assertThat(resource.getMetadata().getName()).isNotBlank();
        });
        workloads().forEach(workload -> {
            assertThat(workload.template().getSpec().getAdditionalProperties()).as(workload.name()).isEmpty();
            workload.containers().forEach(container ->
                    assertThat(container.getAdditionalProperties()).as(workload.name()).isEmpty());
        });
    }

    @Test
    void everyServiceRunsInSeveralReplicasUnderADisruptionBudget() {
        assertThat(workloads()).extracting(Workload::name).containsExactlyInAnyOrderElementsOf(SERVICES);
        workloads().forEach(workload -> {
            assertThat(workload.replicas()).as(workload.name()).isGreaterThanOrEqualTo(2);
            assertThat(of(PodDisruptionBudget.class)).as("a disruption budget for " + workload.name())
                    .anyMatch(budget -> workload.podLabels().entrySet().containsAll(
                            budget.getSpec().getSelector().getMatchLabels().entrySet()));
        });
    }

    @Test
    void everyContainerIsProbedOnItsHealthGroupsAndBounded() {
        workloads().forEach(workload -> workload.containers().forEach(container -> {
            String what = workload.name() + "/" + container.getName();
            assertThat(path(container.getLivenessProbe())).as(what + " liveness").isEqualTo("/actuator/health/liveness");
            assertThat(path(container.getReadinessProbe())).as(what + " readiness")
                    .isEqualTo("/actuator/health/readiness");
            assertThat(container.getResources()).as(what + " resources").isNotNull();
            assertThat(container.getResources().getRequests()).as(what + " requests").containsKeys("cpu", "memory");
            assertThat(container.getResources().getLimits()).as(what + " limits").containsKey("memory");
            assertThat(List.of(container.getLivenessProbe(), container.getReadinessProbe()))
                    .as(what + " probes a port the container opens")
                    .allSatisfy(probe -> assertThat(opens(container, probe.getHttpGet().getPort().getStrVal(),
                            probe.getHttpGet().getPort().getIntVal())).isTrue());
        }));
    }

    @Test
    void everyImageIsPinnedToAVersion() {
        workloads().forEach(workload -> workload.containers().forEach(container -> {
            String image = container.getImage();
            String tag = image.contains("@") ? "digest" : image.substring(image.lastIndexOf('/') + 1)
                    .replaceFirst("^[^:]*:?", "");
            assertThat(tag).as(workload.name() + " image " + image).isNotBlank().isNotEqualTo("latest");
        }));
    }

    @Test
    void noSecretIsWrittenInPlainText() {
        workloads().forEach(workload -> workload.containers().forEach(container -> {
            for (EnvVar env : container.getEnv()) {
                if (SECRET_NAME.matcher(env.getName()).matches()) {
                    assertThat(env.getValue()).as(workload.name() + " " + env.getName() + " in plain text").isNull();
                    assertThat(env.getValueFrom().getSecretKeyRef()).as(workload.name() + " " + env.getName())
                            .isNotNull();
                }
            }
        }));
        assertThat(of(ConfigMap.class)).allSatisfy(config -> assertThat(config.getData().keySet())
                .as("secrets in ConfigMap " + config.getMetadata().getName()).noneMatch(k -> SECRET_NAME.matcher(k)
                        .matches()));
        assertThat(RESOURCES).as("a Secret with its values belongs to the operator, not to the repository")
                .noneMatch(resource -> "Secret".equals(resource.getKind()));
        assertThat(workloads()).allSatisfy(workload -> assertThat(workload.containers()).allSatisfy(container ->
                assertThat(container.getEnv()).extracting(EnvVar::getName).contains("MFLOW_SECRET_KEY")));
    }

    @Test
    void selectorsMatchTheirPodsAndServicesReachAnOpenPort() {
        workloads().forEach(workload -> assertThat(workload.podLabels().entrySet()).as(workload.name())
                .containsAll(workload.selector().entrySet()));
        assertThat(of(Service.class)).isNotEmpty().allSatisfy(service -> {
            Map<String, String> selector = service.getSpec().getSelector();
            List<Workload> selected = workloads().stream()
                    .filter(workload -> workload.podLabels().entrySet().containsAll(selector.entrySet())).toList();
            assertThat(selected).as("pods behind Service " + service.getMetadata().getName()).hasSize(1);
            for (ServicePort port : service.getSpec().getPorts()) {
                assertThat(selected.get(0).containers()).as(service.getMetadata().getName() + " port " + port.getName())
                        .anyMatch(container -> opens(container, port.getTargetPort().getStrVal(),
                                port.getTargetPort().getIntVal()));
            }
        });
    }

    @Test
    void runnerServiceKnowsItselfByItsPodAndMayRunKubernetesJobs() {
        Workload runner = workloads().stream().filter(w -> w.name().equals("runner-service")).findFirst().orElseThrow();
        EnvVar instance = runner.containers().get(0).getEnv().stream()
                .filter(env -> env.getName().equals("MFLOW_RUNNER_INSTANCE_ID")).findFirst().orElseThrow();
        assertThat(instance.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
        assertThat(runner.kind()).as("a work dir and a name that survive a restart").isEqualTo("StatefulSet");

        String account = runner.template().getSpec().getServiceAccountName();
        assertThat(of(ServiceAccount.class)).extracting(a -> a.getMetadata().getName()).contains(account);
        RoleBinding binding = of(RoleBinding.class).stream().filter(b -> b.getSubjects().stream()
                .anyMatch(s -> s.getName().equals(account))).findFirst().orElseThrow();
        Role role = of(Role.class).stream().filter(r -> r.getMetadata().getName().equals(binding.getRoleRef().getName())
                && r.getMetadata().getNamespace().equals(binding.getMetadata().getNamespace())).findFirst().orElseThrow();
        List<PolicyRule> rules = role.getRules();
        assertThat(rules).anyMatch(rule -> rule.getApiGroups().contains("batch") && rule.getResources().contains("jobs")
                && rule.getVerbs().containsAll(List.of("create", "get", "watch", "delete")));
        assertThat(rules).as("no wildcard grants").noneMatch(rule -> rule.getVerbs().contains("*")
                || rule.getResources().contains("*"));
    }

    // --- the manifests' workloads, whatever their kind

    private record Workload(String kind, String name, int replicas, Map<String, String> selector,
                            PodTemplateSpec template) {
        Map<String, String> podLabels() {
            return template.getMetadata().getLabels();
        }

        List<Container> containers() {
            return template.getSpec().getContainers();
        }
    }

    private static List<Workload> workloads() {
        List<Workload> workloads = new ArrayList<>();
        of(Deployment.class).forEach(d -> workloads.add(new Workload("Deployment", d.getMetadata().getName(),
                d.getSpec().getReplicas(), d.getSpec().getSelector().getMatchLabels(), d.getSpec().getTemplate())));
        of(StatefulSet.class).forEach(s -> workloads.add(new Workload("StatefulSet", s.getMetadata().getName(),
                s.getSpec().getReplicas(), s.getSpec().getSelector().getMatchLabels(), s.getSpec().getTemplate())));
        return workloads;
    }

    private static <T extends HasMetadata> List<T> of(Class<T> kind) {
        return RESOURCES.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    private static String path(Probe probe) {
        return probe == null || probe.getHttpGet() == null ? null : probe.getHttpGet().getPath();
    }

    private static boolean opens(Container container, String portName, Integer portNumber) {
        for (ContainerPort port : container.getPorts()) {
            if (portName != null ? portName.equals(port.getName()) : port.getContainerPort().equals(portNumber)) {
                return true;
            }
        }
        return false;
    }
}
