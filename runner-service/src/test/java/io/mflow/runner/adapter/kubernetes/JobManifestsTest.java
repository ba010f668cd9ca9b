package io.mflow.runner.adapter.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.mflow.localrunner.domain.Param;
import io.mflow.runner.domain.Attempt;
import io.mflow.runner.domain.kubernetes.JobTemplate;
import io.mflow.runner.domain.kubernetes.PodEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The reference's fixture jobs, rendered and turned into the Jobs mflow creates. */
class JobManifestsTest {

    private static final List<Param> PARAMS = List.of(
            new Param("git_ssh_secret", "git-deploy-key", false),
            new Param("image_push_secret", "registry-push", false),
            new Param("GIT_BRANCH", "main", false),
            new Param("APP_VERSION", "1.2.3", false),
            new Param("REGISTRY_PASSWORD", "hunter2", true),
            new Param("_namespace", "builds", false));

    static String fixture(String name) {
        try (InputStream in = JobManifestsTest.class.getResourceAsStream("/k8s/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Job build(String fixture, Duration timeout) {
        Attempt attempt = new Attempt("jt-0193a4b5c6d7#1", "jt-0193a4b5c6d7", "pt-1", "K8S_JOB", fixture(fixture), PARAMS,
                "sealed", false, timeout, null, null, Map.of("team", "Build & Release", "env", "prod"), List.of());
        Job parsed = JobManifests.parse(JobTemplate.render(attempt.runnerSpec(), PARAMS));
        return JobManifests.forAttempt(parsed, attempt, "builds", PodEnvironment.of(PARAMS, "the-token", "jt-0193a4b5c6d7"));
    }

    private static Map<String, EnvVar> envOf(Container container) {
        return container.getEnv().stream().collect(java.util.stream.Collectors.toMap(EnvVar::getName, e -> e));
    }

    @Test
    void theBuildJobIsNamedLabelledAnnotatedAndHeldUntilItsSecretExists() {
        Job job = build("container_build.yml", Duration.ofMinutes(10));

        assertThat(job.getMetadata().getName()).isEqualTo("mflow-jt-0193a4b5c6d7-1");
        assertThat(job.getMetadata().getNamespace()).isEqualTo("builds");
        assertThat(job.getMetadata().getLabels()).containsEntry("app", "app01").containsEntry("team", "Build---Release")
                .containsEntry("env", "prod").containsEntry("app.kubernetes.io/managed-by", "mflow")
                .containsEntry("mflow.io/job", "mflow-jt-0193a4b5c6d7-1");
        assertThat(job.getMetadata().getAnnotations()).containsEntry("mflow.io/job-task-id", "jt-0193a4b5c6d7")
                .containsEntry("mflow.io/attempt-id", "jt-0193a4b5c6d7#1");
        assertThat(job.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("app", "build-pod")
                .containsEntry("mflow.io/job", "mflow-jt-0193a4b5c6d7-1");
        assertThat(job.getSpec().getActiveDeadlineSeconds()).as("the task's timeout, not the manifest's 1800").isEqualTo(600);
        assertThat(job.getSpec().getSuspend()).isTrue();
        assertThat(job.getSpec().getBackoffLimit()).isEqualTo(3);
        assertThat(job.getSpec().getTemplate().getSpec().getVolumes()).filteredOn(v -> v.getSecret() != null)
                .extracting(v -> v.getSecret().getSecretName()).containsExactly("git-deploy-key", "registry-push");
    }

    @Test
    void everyInitContainerAndContainerGetsTheJobsVariablesReplacingItsOwnOfTheSameName() {
        Job job = build("container_build.yml", null);
        List<Container> containers = Stream.concat(job.getSpec().getTemplate().getSpec().getInitContainers().stream(),
                job.getSpec().getTemplate().getSpec().getContainers().stream()).toList();

        assertThat(containers).hasSize(2).allSatisfy(c -> {
            Map<String, EnvVar> env = envOf(c);
            assertThat(env.get("GIT_BRANCH").getValue()).isEqualTo("main");
            assertThat(env.get("APP_VERSION").getValue()).isEqualTo("1.2.3");
            assertThat(env.get("REGISTRY_PASSWORD").getValue()).isNull();
            assertThat(env.get("REGISTRY_PASSWORD").getValueFrom().getSecretKeyRef().getName())
                    .isEqualTo("mflow-jt-0193a4b5c6d7-1");
            assertThat(env.get("MFLOW_UPDATE_TOKEN").getValueFrom().getSecretKeyRef().getKey())
                    .isEqualTo("MFLOW_UPDATE_TOKEN");
            assertThat(env.get("MFLOW_JOB_TASK_ID").getValue()).isEqualTo("jt-0193a4b5c6d7");
            assertThat(env.get("MFLOW_OUTPUT").getValue()).isEqualTo("/dev/termination-log");
            assertThat(env).doesNotContainKeys("git_ssh_secret", "_namespace");
            assertThat(c.getEnv().stream().filter(e -> e.getName().equals("GIT_BRANCH"))).hasSize(1);
        });
        assertThat(envOf(containers.get(0)).get("GIT_SSH_COMMAND").getValue()).as("the container's own stay")
                .startsWith("ssh -i /etc/secret-volume/id_rsa");
        assertThat(job.getSpec().getActiveDeadlineSeconds()).as("no timeout: the manifest's").isEqualTo(1800);
        assertThat(JobManifests.yaml(job)).doesNotContain("hunter2", "the-token");
    }

    @Test
    void theDeployAndTestJobsRenderToo() {
        Job deploy = build("container_deploy.yml", null);
        Job test = build("test.yml", Duration.ofSeconds(90));

        assertThat(deploy.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand().get(2))
                .contains("kubectl set image ${WORKLOAD_KIND}/${WORKLOAD_NAME}");
        assertThat(test.getMetadata().getNamespace()).isEqualTo("builds");
        assertThat(test.getSpec().getActiveDeadlineSeconds()).isEqualTo(90);
        assertThat(test.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "mflow");
    }

    @Test
    void theSecretHoldsTheSensitiveValuesAndBelongsToTheJob() {
        Job job = build("test.yml", null);
        job.getMetadata().setUid("uid-1");

        var secret = JobManifests.secretFor(job, PodEnvironment.of(PARAMS, "the-token", "jt-0193a4b5c6d7"));

        assertThat(secret.getMetadata().getName()).isEqualTo(job.getMetadata().getName());
        assertThat(secret.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getUid()).isEqualTo("uid-1"));
        assertThat(secret.getData()).containsOnlyKeys("REGISTRY_PASSWORD", "MFLOW_UPDATE_TOKEN");
        assertThat(new String(java.util.Base64.getDecoder().decode(secret.getData().get("REGISTRY_PASSWORD"))))
                .isEqualTo("hunter2");
    }

    @Test
    void aManifestThatIsNotABatchJobIsRefused() {
        assertThatThrownBy(() -> JobManifests.parse("apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n"))
                .hasMessageContaining("must be a batch/v1 Job manifest");
        assertThatThrownBy(() -> JobManifests.parse(": not yaml : ["))
                .hasMessageContaining("not a Kubernetes manifest");
    }
}
