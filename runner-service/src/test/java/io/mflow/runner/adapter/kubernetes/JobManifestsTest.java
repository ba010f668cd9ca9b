package io.mflow.runner.adapter.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.mflow.localrunner.domain.Param;
import io.mflow.runner.domain.Attempt;
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
        Job parsed = JobManifests.render(attempt.runnerSpec(), PARAMS);
        return JobManifests.forAttempt(parsed, attempt, "builds", PodEnvironment.of(PARAMS, "the-token", "jt-0193a4b5c6d7"));
    }

    private static Map<String, EnvVar> envOf(Container container) {
        return container.getEnv().stream().collect(java.util.stream.Collectors.toMap(EnvVar::getName, e -> e));
    }

    @Test
    void lowerCaseParamsFillTheirPlaceholdersAndUpperCaseOnesAreLeftToTheShell() {
        Job job = JobManifests.render(fixture("container_build.yml"), List.of(
                new Param("git_ssh_secret", "git-deploy-key", false),
                new Param("image_push_secret", "registry-push", false),
                new Param("GIT_BRANCH", "main", false)));
        String rendered = JobManifests.yaml(job);

        assertThat(job.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getSecret() != null).map(v -> "secretName: " + v.getSecret().getSecretName()))
                .contains("secretName: git-deploy-key", "secretName: registry-push");
        assertThat(rendered)
                .contains("--branch=${GIT_BRANCH}", "--destination=${IMAGE_REPOSITORY}:${APP_VERSION}")
                .doesNotContain("${git_ssh_secret}", "${image_push_secret}");
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
        assertThatThrownBy(() -> JobManifests.render("apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n", List.of()))
                .hasMessageContaining("must be a batch/v1 Job manifest");
        assertThatThrownBy(() -> JobManifests.render(": not yaml : [", List.of()))
                .hasMessageContaining("not a Kubernetes manifest");
    }

    @Test
    void aTemplateValueThatLooksLikeYamlAddsNoKeyAndNoDocument() {
        String spec = """
                apiVersion: batch/v1
                kind: Job
                metadata:
                  name: test
                  labels: {tag: "${tag}"}
                spec:
                  template:
                    spec:
                      restartPolicy: Never
                      containers:
                        - name: main
                          image: busybox:${tag}
                          command: ["sh", "-c", "echo ${ref}"]
                """;

        Job job = JobManifests.render(spec, List.of(new Param("tag", "x\nkind: Secret", false),
                new Param("ref", "a\n---\nkind: Pod", false)));

        assertThat(job.getKind()).isEqualTo("Job");
        assertThat(job.getMetadata().getLabels()).containsOnly(Map.entry("tag", "x\nkind: Secret"));
        Container main = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(main.getImage()).isEqualTo("busybox:x\nkind: Secret");
        assertThat(main.getCommand()).containsExactly("sh", "-c", "echo a\n---\nkind: Pod");
        assertThat(job.getSpec().getTemplate().getSpec().getContainers()).hasSize(1);
        assertThat(job.getAdditionalProperties()).isEmpty();
    }

    @Test
    void aPlaceholderStandingForANumberBecomesThatNumber() {
        String spec = "apiVersion: batch/v1\nkind: Job\nspec:\n  backoffLimit: ${retries}\n"
                + "  template: {spec: {containers: [{name: main, image: busybox}]}}\n";

        assertThat(JobManifests.render(spec, List.of(new Param("retries", "2", false))).getSpec().getBackoffLimit())
                .isEqualTo(2);
    }

    @Test
    void aRunnerSpecOfTwoDocumentsIsRefused() {
        String two = fixture("test.yml") + "\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: s}\n";

        assertThatThrownBy(() -> JobManifests.render(two, List.of()))
                .hasMessageContaining("must be one batch/v1 Job manifest, in one YAML document; it has 2");
    }

    @Test
    void aJobWithoutATtlGetsTheDefaultAndOneWithItsOwnKeepsIt() {
        Attempt attempt = new Attempt("jt-1#1", "jt-1", "pt-1", "K8S_JOB", fixture("test.yml"), PARAMS,
                "sealed", false, null, null, null, Map.of(), List.of());
        Job withNone = JobManifests.render(fixture("test.yml"), PARAMS);
        withNone.getSpec().setTtlSecondsAfterFinished(null);
        Job withOwn = JobManifests.render(fixture("test.yml"), PARAMS);
        withOwn.getSpec().setTtlSecondsAfterFinished(60);

        assertThat(JobManifests.forAttempt(withNone, attempt, "builds", List.of(), 3600).getSpec()
                .getTtlSecondsAfterFinished()).isEqualTo(3600);
        assertThat(JobManifests.forAttempt(withOwn, attempt, "builds", List.of(), 3600).getSpec()
                .getTtlSecondsAfterFinished()).isEqualTo(60);
    }
}
