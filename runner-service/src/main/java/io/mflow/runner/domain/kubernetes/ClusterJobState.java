package io.mflow.runner.domain.kubernetes;

import io.mflow.localrunner.domain.Outcome;
import io.mflow.localrunner.domain.OutputFile;
import io.mflow.localrunner.domain.ReportStage;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a Kubernetes Job and its pods say of an attempt, as the conditions and phases Kubernetes sets:
 * {@code Complete} → SUCCEEDED with the outputs its containers left in their termination messages ({@code KEY=VALUE}
 * lines, as Tekton passes results); {@code Failed} (or {@code FailureTarget}, set before the pods are gone) → FAILED
 * with the reason; a pod past {@code Pending} → running, with the pod's phase; otherwise it waits for its pod.
 *
 * <p>A watch of Jobs and a watch of pods are two streams: the Job's {@code Complete} can arrive before its pod's
 * {@code Succeeded}, whose termination messages hold the outputs. So a complete Job with no succeeded pod in view is
 * {@link Completing}, not yet ended; only pods listed from the API server just now ({@link #ofListed}) can say the
 * pod is gone, and then the Job ended without outputs.
 */
public final class ClusterJobState {

    public record Condition(String type, String status, String reason, String message) {

        boolean holds(String wanted) {
            return wanted.equals(type) && "True".equalsIgnoreCase(status);
        }
    }

    /** A container that ended, in the order the pod runs them (init containers first). */
    public record ContainerEnd(String container, int exitCode, String reason, String terminationMessage) {
    }

    public record Pod(String name, String phase, Instant created, List<ContainerEnd> ended) {

        public Pod {
            ended = List.copyOf(ended);
        }
    }

    public sealed interface Seen {
    }

    /** No pod runs yet (it is being scheduled, its image pulled, or the Job waits for its Secret). */
    public record Waiting() implements Seen {
    }

    public record Running(String message) implements Seen {
    }

    public record Ended(Outcome outcome) implements Seen {
    }

    /** The Job is complete but the pod that completed it is not in view yet. */
    public record Completing() implements Seen {
    }

    /** Oldest first; a pod without a creation time counts as oldest. */
    private static final Comparator<Pod> BY_CREATION =
            Comparator.comparing(Pod::created, Comparator.nullsFirst(Comparator.naturalOrder()));

    private ClusterJobState() {
    }

    public static Seen of(List<Condition> conditions, List<Pod> pods) {
        Optional<Condition> failed = conditions.stream()
                .filter(c -> c.holds("Failed") || c.holds("FailureTarget"))
                .findFirst();
        if (failed.isPresent()) {
            return new Ended(failure(failed.get(), pods));
        }
        if (conditions.stream().anyMatch(c -> c.holds("Complete") || c.holds("SuccessCriteriaMet"))) {
            return pods.stream()
                    .filter(p -> "Succeeded".equals(p.phase()))
                    .max(BY_CREATION)
                    .<Seen>map(p -> new Ended(Outcome.ofExit(0, "", outputsOf(p))))
                    .orElse(new Completing());
        }
        return latest(pods)
                .filter(p -> p.phase() != null && !"Pending".equals(p.phase()))
                .<Seen>map(p -> new Running("Pod " + p.name() + " Status: " + p.phase()))
                .orElse(new Waiting());
    }

    /**
     * As {@link #of}, for pods just listed from the API server: a complete Job none of whose pods succeeded has had
     * them removed (a TTL, someone's delete), so it ended without outputs rather than waiting for ever.
     */
    public static Seen ofListed(List<Condition> conditions, List<Pod> pods) {
        Seen seen = of(conditions, pods);
        return seen instanceof Completing ? new Ended(Outcome.ofExit(0, "", Map.of())) : seen;
    }

    /** The reason and message of the condition, as the reference reports them, with the exit code of what failed. */
    private static Outcome failure(Condition failed, List<Pod> pods) {
        String message = join(failed.reason(), failed.message());
        Optional<ContainerEnd> failedContainer = latest(pods).stream()
                .flatMap(p -> p.ended().stream())
                .filter(e -> e.exitCode() != 0)
                .findFirst();
        if (failedContainer.isPresent()) {
            ContainerEnd end = failedContainer.get();
            message = message + "; container " + end.container() + " exited with " + end.exitCode()
                    + (end.reason() == null || end.reason().isBlank() ? "" : " (" + end.reason() + ")");
        }
        return new Outcome(ReportStage.FAILED, message, Map.of(), false,
                failedContainer.map(ContainerEnd::exitCode).orElse(null));
    }

    private static Map<String, String> outputsOf(Pod pod) {
        Map<String, String> outputs = new LinkedHashMap<>();
        pod.ended().forEach(end -> outputs.putAll(OutputFile.parse(end.terminationMessage())));
        return outputs;
    }

    private static Optional<Pod> latest(List<Pod> pods) {
        return pods.stream().max(BY_CREATION);
    }

    private static String join(String reason, String message) {
        boolean hasReason = reason != null && !reason.isBlank();
        boolean hasMessage = message != null && !message.isBlank();
        if (hasReason && hasMessage) {
            return reason + ", " + message;
        }
        return hasReason ? reason : hasMessage ? message : "the Job failed";
    }
}
