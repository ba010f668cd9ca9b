package io.mflow.runner.adapter.kubernetes;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.mflow.localrunner.domain.Outcome;
import io.mflow.localrunner.domain.Param;
import io.mflow.localrunner.domain.StatusReporting;
import io.mflow.runner.app.Launch;
import io.mflow.runner.app.Probe;
import io.mflow.runner.app.Runner;
import io.mflow.runner.app.Secrets;
import io.mflow.runner.domain.Attempt;
import io.mflow.runner.domain.kubernetes.ClusterChoice;
import io.mflow.runner.domain.kubernetes.ClusterJobState;
import io.mflow.runner.domain.kubernetes.KubeNames;
import io.mflow.runner.domain.kubernetes.PodEnvironment;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code K8S_JOB}: runs an attempt as a Kubernetes Job. The Job is named from the attempt, so starting an attempt
 * again finds the Job instead of creating a second one; its status comes from watching it and its pods; cancel
 * deletes it with its pods. Where a Job is ({@code <cluster>/<namespace>/<name>}) is the launch's locator.
 */
public final class KubernetesJobRunner implements Runner {

    public static final String TYPE = "K8S_JOB";
    private static final Logger log = LoggerFactory.getLogger(KubernetesJobRunner.class);

    private final KubernetesClusters clusters;
    private final Secrets secrets;
    private final Duration logInterval;
    private final StatusReporting reporting;
    private final Clock clock;
    private final Integer ttlSecondsAfterFinished;
    private final Map<String, NamespaceWatch> watches = new ConcurrentHashMap<>();
    private final Map<String, CachedLog> logs = new ConcurrentHashMap<>();
    private final Set<String> ended = ConcurrentHashMap.newKeySet();

    /** The last output read of an attempt; {@code whole}: read after the Job ended, so there is no more. */
    private record CachedLog(byte[] bytes, Instant readAt, boolean whole) {
    }

    /** Where an attempt's Job is. */
    private record Place(KubernetesClusters.Cluster cluster, String namespace, String name) {

        String where() {
            return cluster.name() + "/" + namespace + "/" + name;
        }

        KubernetesClient client() {
            return cluster.client();
        }
    }

    public KubernetesJobRunner(KubernetesClusters clusters, Secrets secrets, Duration logInterval, Clock clock) {
        this(clusters, secrets, logInterval, clock, StatusReporting.DEFAULT);
    }

    /** @param reporting where its jobs report their own status, as their pods' environment tells them */
    public KubernetesJobRunner(KubernetesClusters clusters, Secrets secrets, Duration logInterval, Clock clock,
                               StatusReporting reporting) {
        this(clusters, secrets, logInterval, clock, reporting, -1);
    }

    /**
     * @param ttlSecondsAfterFinished the Job's {@code ttlSecondsAfterFinished} when its manifest gives none;
     *                                negative: none
     */
    public KubernetesJobRunner(KubernetesClusters clusters, Secrets secrets, Duration logInterval, Clock clock,
                               StatusReporting reporting, int ttlSecondsAfterFinished) {
        this.ttlSecondsAfterFinished = ttlSecondsAfterFinished < 0 ? null : ttlSecondsAfterFinished;
        this.reporting = reporting;
        this.clusters = clusters;
        this.secrets = secrets;
        this.logInterval = logInterval;
        this.clock = clock;
    }

    /** The manifest as the attempt's params render it, and where its Job goes. */
    private record Rendered(Job manifest, Place place) {
    }

    @Override
    public Launch start(Attempt attempt, List<Param> openedParams, String updateToken) {
        Rendered rendered = render(attempt, openedParams);
        Job manifest = rendered.manifest();
        Place place = rendered.place();
        List<PodEnvironment.Entry> env = PodEnvironment.of(openedParams, updateToken, attempt.jobTaskId(),
                attempt.reportKey(), reporting);
        var jobs = place.client().batch().v1().jobs().inNamespace(place.namespace());
        Job job = jobs.withName(place.name()).get();
        if (job == null) {
            try {
                job = jobs.resource(JobManifests.forAttempt(manifest, attempt, place.namespace(), env,
                        ttlSecondsAfterFinished)).create();
                log.info("{}: created Job {}", attempt, place.where());
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw new IllegalStateException("create k8s job error: " + e.getMessage(), e);
                }
                job = jobs.withName(place.name()).get(); // created by an earlier start of this attempt
            }
        }
        ensureSecret(place, job, env);
        if ("true".equals(annotation(job, JobManifests.SUSPENDED_FOR_SECRET)) && Boolean.TRUE.equals(job.getSpec().getSuspend())) {
            jobs.withName(place.name()).edit(j -> {
                j.getSpec().setSuspend(false);
                j.getMetadata().getAnnotations().remove(JobManifests.SUSPENDED_FOR_SECRET);
                return j;
            });
        }
        watch(place).waiter(place.name());
        return new Launch(0, place.where(), true);
    }

    private static void ensureSecret(Place place, Job job, List<PodEnvironment.Entry> env) {
        try {
            place.client().secrets().inNamespace(place.namespace()).resource(JobManifests.secretFor(job, env)).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw new IllegalStateException("create k8s secret error: " + e.getMessage(), e);
            }
        }
    }

    /**
     * The Job of an attempt that a previous runner may have left. One that mflow suspended until its Secret exists
     * counts as not started: starting the attempt again creates the Secret and lets it run.
     */
    @Override
    public Probe probe(Attempt attempt) {
        Place place;
        try {
            place = render(attempt, secrets.paramsOf(attempt)).place();
        } catch (IllegalArgumentException e) {
            return new Probe.NotStarted(); // its start was refused for this: no Job was ever made
        }
        Job job = place.client().batch().v1().jobs().inNamespace(place.namespace()).withName(place.name()).get();
        if (job == null || "true".equals(annotation(job, JobManifests.SUSPENDED_FOR_SECRET))) {
            return new Probe.NotStarted();
        }
        ClusterJobState.Seen seen = watch(place).seen(job);
        if (seen instanceof ClusterJobState.Ended ended) {
            return new Probe.Finished(ended.outcome());
        }
        return new Probe.Running(new Launch(0, place.where(), !(seen instanceof ClusterJobState.Running)));
    }

    @Override
    public CompletableFuture<String> running(Attempt attempt, Launch launch) {
        Place place = placeOf(launch);
        return watch(place).waiter(place.name()).running();
    }

    @Override
    public CompletableFuture<Outcome> completion(Attempt attempt, Launch launch) {
        Place place = placeOf(launch);
        return watch(place).waiter(place.name()).ended()
                .whenComplete((outcome, failure) -> {
                    watch(place).forget(place.name());
                    ended.add(attempt.attemptId());
                });
    }

    /** Deletes the Job with its pods (and its Secret, which Kubernetes would also collect as the Job's). */
    @Override
    public void stop(Attempt attempt, Launch launch) {
        Place place = placeOf(launch);
        log.info("{}: deleting Job {}", attempt, place.where());
        place.client().batch().v1().jobs().inNamespace(place.namespace()).withName(place.name())
                .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        place.client().secrets().inNamespace(place.namespace()).withName(place.name()).delete();
    }

    /**
     * Read from the API server at most once per {@code logInterval} while the Job runs, and once more, in full, after
     * it ended; the copy is dropped once the end of it was handed out.
     */
    @Override
    public byte[] outputFrom(Attempt attempt, Launch launch, long offset, int max) {
        String id = attempt.attemptId();
        Instant now = clock.instant();
        boolean over = ended.contains(id);
        CachedLog cached = logs.get(id);
        if (cached == null || !cached.whole() && (over || cached.readAt().plus(logInterval).isBefore(now))) {
            Place place = placeOf(launch);
            cached = new CachedLog(PodLogs.of(place.client(), place.namespace(), watch(place).podsOf(place.name())),
                    now, over);
            logs.put(id, cached);
        }
        byte[] all = cached.bytes();
        byte[] part = offset >= all.length ? new byte[0]
                : Arrays.copyOfRange(all, (int) offset, (int) Math.min(all.length, offset + max));
        if (cached.whole() && part.length < max) {
            logs.remove(id);
            ended.remove(id);
        }
        return part;
    }

    /**
     * Start and recovery both come here, so a restarted runner looks for a Job where it was created: the namespace is
     * {@code _namespace}, else the cluster's, else the manifest's, else {@code default}; one the cluster's
     * {@code allowed-namespaces} holds, when it has such a list, else the attempt fails before anything is created.
     */
    private Rendered render(Attempt attempt, List<Param> openedParams) {
        Job manifest = JobManifests.render(attempt.runnerSpec(), openedParams);
        String manifestNamespace = manifest.getMetadata() == null ? null : manifest.getMetadata().getNamespace();
        return new Rendered(manifest, placeOf(attempt, openedParams, manifestNamespace));
    }

    private Place placeOf(Attempt attempt, List<Param> params, String manifestNamespace) {
        ClusterChoice choice = ClusterChoice.of(params);
        KubernetesClusters.Cluster cluster = clusters.pick(choice.cluster());
        String namespace = choice.namespace() != null ? choice.namespace()
                : cluster.namespace() != null ? cluster.namespace()
                : manifestNamespace != null ? manifestNamespace : "default";
        cluster.checkAllows(namespace);
        return new Place(cluster, namespace, KubeNames.jobName(attempt.attemptId()));
    }

    private Place placeOf(Launch launch) {
        String[] parts = launch.where().split("/", 3);
        return new Place(clusters.pick(parts[0]), parts[1], parts[2]);
    }

    private NamespaceWatch watch(Place place) {
        return watches.computeIfAbsent(place.cluster().name() + "/" + place.namespace(),
                key -> new NamespaceWatch(place.client(), place.namespace()));
    }

    private static String annotation(Job job, String key) {
        Map<String, String> annotations = job.getMetadata() == null ? null : job.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(key);
    }
}
