package io.mflow.runner.adapter.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.mflow.localrunner.domain.JobEnvironment;
import io.mflow.localrunner.domain.Param;
import io.mflow.runner.domain.Attempt;
import io.mflow.runner.domain.kubernetes.JobTemplate;
import io.mflow.runner.domain.kubernetes.KubeNames;
import io.mflow.runner.domain.kubernetes.PodEnvironment;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Turns a rendered {@code runnerSpec} into the Job mflow creates, and makes the Secret that carries its sensitive
 * values. The Job is created suspended, so no pod starts before its Secret exists; {@link #SUSPENDED_FOR_SECRET}
 * says mflow suspended it and lifts that once the Secret is there.
 */
final class JobManifests {

    static final String SUSPENDED_FOR_SECRET = "mflow.io/suspended-for-secret";
    private static final String DEFAULT_TERMINATION_LOG = "/dev/termination-log";
    private static final KubernetesSerialization YAML = new KubernetesSerialization();
    /** Reads a manifest as plain maps, lists and scalars; decimals keep their digits ("1.10" is not 1.1). */
    private static final YAMLMapper TREE = YAMLMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private JobManifests() {
    }

    /**
     * The Job a {@code runnerSpec} describes, its placeholders filled from the attempt's params ({@link JobTemplate}):
     * the text is parsed first, into one document, and only then are its string values filled, so a value never
     * becomes YAML. The filled tree is converted to the Job as the API server would read it (a placeholder standing
     * for a number, as in {@code backoffLimit: ${retries}}, becomes that number).
     */
    static Job render(String runnerSpec, List<Param> openedParams) {
        List<Object> documents;
        try (MappingIterator<Object> read = TREE.readerFor(Object.class).readValues(runnerSpec)) {
            documents = read.readAll().stream().filter(java.util.Objects::nonNull).toList();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the runnerSpec is not a Kubernetes manifest: " + e.getMessage(), e);
        }
        if (documents.size() != 1 || !(documents.get(0) instanceof Map<?, ?> manifest)) {
            throw new IllegalArgumentException("the runnerSpec of a K8S_JOB job must be one batch/v1 Job manifest, "
                    + "in one YAML document; it has " + documents.size());
        }
        if (!"batch/v1".equals(manifest.get("apiVersion")) || !"Job".equals(manifest.get("kind"))) {
            throw new IllegalArgumentException("the runnerSpec of a K8S_JOB job must be a batch/v1 Job manifest");
        }
        Job job;
        try {
            job = YAML.convertValue(JobTemplate.fill(manifest, openedParams), Job.class);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the runnerSpec is not a Kubernetes manifest: " + e.getMessage(), e);
        }
        if (job.getSpec() == null || job.getSpec().getTemplate() == null || job.getSpec().getTemplate().getSpec() == null) {
            throw new IllegalArgumentException("the Job manifest has no spec.template.spec");
        }
        return job;
    }

    /** The Job to create: named from the attempt, labelled, annotated, its containers given the job's environment. */
    static Job forAttempt(Job job, Attempt attempt, String namespace, List<PodEnvironment.Entry> env) {
        return forAttempt(job, attempt, namespace, env, null);
    }

    /**
     * @param ttlSecondsAfterFinished the Job's {@code ttlSecondsAfterFinished} unless its manifest gives one (null:
     *                                none): a finished Job, and with it its Secret, is then deleted by Kubernetes
     */
    static Job forAttempt(Job job, Attempt attempt, String namespace, List<PodEnvironment.Entry> env,
                          Integer ttlSecondsAfterFinished) {
        if (job.getSpec().getTtlSecondsAfterFinished() == null) {
            job.getSpec().setTtlSecondsAfterFinished(ttlSecondsAfterFinished);
        }
        String name = KubeNames.jobName(attempt.attemptId());
        ObjectMeta meta = job.getMetadata() == null ? new ObjectMeta() : job.getMetadata();
        meta.setName(name);
        meta.setGenerateName(null);
        meta.setNamespace(namespace);
        meta.setLabels(ours(meta.getLabels(), KubeNames.labels(attempt.labels()), name));
        Map<String, String> annotations = new LinkedHashMap<>(meta.getAnnotations() == null ? Map.of() : meta.getAnnotations());
        annotations.put(KubeNames.JOB_TASK_ANNOTATION, attempt.jobTaskId());
        annotations.put(KubeNames.ATTEMPT_ANNOTATION, attempt.attemptId());
        meta.setAnnotations(annotations);
        job.setMetadata(meta);

        PodTemplateSpec template = job.getSpec().getTemplate();
        ObjectMeta podMeta = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
        podMeta.setLabels(ours(podMeta.getLabels(), Map.of(), name));
        template.setMetadata(podMeta);
        if (attempt.timeout() != null) {
            job.getSpec().setActiveDeadlineSeconds(Math.max(1, ceilSeconds(attempt.timeout())));
        }
        if (!Boolean.TRUE.equals(job.getSpec().getSuspend())) {
            job.getSpec().setSuspend(true);
            annotations.put(SUSPENDED_FOR_SECRET, "true");
        }
        Stream.concat(listOf(template.getSpec().getInitContainers()).stream(),
                listOf(template.getSpec().getContainers()).stream()).forEach(c -> inject(c, env, name));
        return job;
    }

    /** The Secret of a Job's sensitive values: named as the Job, owned by it, so it goes when the Job goes. */
    static Secret secretFor(Job created, List<PodEnvironment.Entry> env) {
        Map<String, String> data = new LinkedHashMap<>();
        PodEnvironment.secretData(env).forEach((key, value) ->
                data.put(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
        return new SecretBuilder()
                .withNewMetadata()
                .withName(created.getMetadata().getName())
                .withNamespace(created.getMetadata().getNamespace())
                .withLabels(Map.of(KubeNames.MANAGED_BY_LABEL, KubeNames.MANAGED_BY,
                        KubeNames.JOB_LABEL, created.getMetadata().getName()))
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("Job")
                        .withName(created.getMetadata().getName()).withUid(created.getMetadata().getUid())
                        .withBlockOwnerDeletion(false).build())
                .endMetadata()
                .withType("Opaque")
                .withData(data)
                .build();
    }

    static String yaml(Job job) {
        return YAML.asYaml(job);
    }

    private static Map<String, String> ours(Map<String, String> theirs, Map<String, String> run, String jobName) {
        Map<String, String> labels = new LinkedHashMap<>(theirs == null ? Map.of() : theirs);
        labels.putAll(run);
        labels.put(KubeNames.MANAGED_BY_LABEL, KubeNames.MANAGED_BY);
        labels.put(KubeNames.JOB_LABEL, jobName);
        return labels;
    }

    /** mflow's variables replace the container's own of the same name; the rest stay, in their order. */
    private static void inject(Container container, List<PodEnvironment.Entry> env, String secretName) {
        Set<String> replaced = new HashSet<>();
        env.forEach(e -> replaced.add(e.name()));
        replaced.add(JobEnvironment.OUTPUT);
        List<EnvVar> vars = new ArrayList<>();
        for (EnvVar own : listOf(container.getEnv())) {
            if (!replaced.contains(own.getName())) {
                vars.add(own);
            }
        }
        for (PodEnvironment.Entry entry : env) {
            vars.add(entry.secret()
                    ? new EnvVarBuilder().withName(entry.name()).withNewValueFrom().withNewSecretKeyRef()
                            .withName(secretName).withKey(entry.name()).endSecretKeyRef().endValueFrom().build()
                    : new EnvVarBuilder().withName(entry.name()).withValue(entry.value()).build());
        }
        // Outputs are KEY=VALUE lines in the termination message, which Kubernetes keeps after the pod is gone.
        String terminationLog = container.getTerminationMessagePath() == null ? DEFAULT_TERMINATION_LOG
                : container.getTerminationMessagePath();
        vars.add(new EnvVarBuilder().withName(JobEnvironment.OUTPUT).withValue(terminationLog).build());
        container.setEnv(vars);
    }

    private static long ceilSeconds(Duration duration) {
        return (duration.toMillis() + 999) / 1000;
    }

    private static <T> List<T> listOf(List<T> list) {
        return list == null ? List.of() : list;
    }
}
