package io.mflow.task.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One delivery a provider made, as received and what it started. It is written before any run starts, under an id
 * derived from the provider's delivery id, so a delivery that comes again finds it; each build names the run it
 * starts before starting it, under an id derived from the record's, so a start that comes again after a crash
 * starts that same run once.
 *
 * @param instance  where the provider says it came from ({@code X-Gitlab-Instance})
 * @param userAgent the sender's {@code User-Agent}
 */
public record TriggerRecord(String id, GitProvider provider, String eventName, GitEvent event, String deliveryId,
                            Instant receivedAt, String repository, String ref, String commit, String user,
                            boolean dryRun, Stage stage, List<Build> builds, String instance, String userAgent) {

    /**
     * RECEIVED: recorded, its runs not all started yet; STARTED: each build started its run or failed to;
     * NO_MATCH: no enabled configuration takes it; IGNORED: a kind of event mflow does not build on.
     */
    public enum Stage { RECEIVED, STARTED, NO_MATCH, IGNORED }

    /**
     * Where one build of a delivery is, as its run says: the run's own stage is the state, the record only points at
     * it. RECEIVED: not started yet; FAILED also when it could not start.
     */
    public enum BuildStage {
        RECEIVED, QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELED;

        public static BuildStage of(Status run) {
            return switch (run) {
                case QUEUED -> QUEUED;
                case SUCCEEDED, SKIPPED -> SUCCEEDED;
                case FAILED -> FAILED;
                case CANCELED -> CANCELED;
                default -> RUNNING;
            };
        }

        /** The stages of a run that show as this build stage. */
        public List<Status> runStages() {
            return java.util.Arrays.stream(Status.values()).filter(run -> of(run) == this).toList();
        }
    }

    /**
     * What one matching configuration did with the delivery.
     *
     * @param pipelineTaskId the run it starts (named before it starts)
     * @param started        whether the run was started (it may since have ended)
     * @param error          why it could not start, when it could not
     */
    public record Build(String buildConfigId, String pipelineTaskId, boolean started, String error) {

        public boolean pending() {
            return !started && error == null;
        }
    }

    public TriggerRecord {
        builds = builds == null ? List.of() : List.copyOf(builds);
    }

    /** The record a delivery makes, with one build per configuration that takes it. */
    public static TriggerRecord of(String id, GitDelivery delivery, List<BuildConfig> taking, boolean dryRun,
                                   Instant now) {
        Stage stage = !delivery.buildable() ? Stage.IGNORED : taking.isEmpty() ? Stage.NO_MATCH : Stage.RECEIVED;
        List<Build> builds = stage == Stage.RECEIVED ? taking.stream()
                .map(config -> new Build(config.id(), runIdOf(id, config.id()), false, null)).toList() : List.of();
        return new TriggerRecord(id, delivery.provider(), delivery.eventName(), delivery.event(),
                delivery.deliveryId(), now, delivery.repository(), delivery.ref(), delivery.commit(), delivery.user(),
                dryRun, stage, builds, delivery.instance(), delivery.userAgent());
    }

    /** The record's id for a provider's delivery id: the same delivery, the same id, whichever replica takes it. */
    public static String idOf(GitProvider provider, String deliveryId) {
        return "tr-" + digest(provider.name() + "\n" + deliveryId);
    }

    /** The id of the run a record starts for a configuration. */
    public static String runIdOf(String recordId, String buildConfigId) {
        return "pt-" + digest(recordId + "\n" + buildConfigId);
    }

    /** The record after its pending builds went on, each as {@code step} says. */
    public TriggerRecord withPendingDone(UnaryOperator<Build> step) {
        List<Build> next = builds.stream().map(build -> build.pending() ? step.apply(build) : build).toList();
        boolean done = next.stream().noneMatch(Build::pending);
        return new TriggerRecord(id, provider, eventName, event, deliveryId, receivedAt, repository, ref, commit,
                user, dryRun, done && stage == Stage.RECEIVED ? Stage.STARTED : stage, next, instance, userAgent);
    }

    public boolean hasPending() {
        return builds.stream().anyMatch(Build::pending);
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
