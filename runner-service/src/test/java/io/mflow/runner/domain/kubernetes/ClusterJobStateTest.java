package io.mflow.runner.domain.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.localrunner.domain.Outcome;
import io.mflow.localrunner.domain.ReportStage;
import io.mflow.runner.domain.kubernetes.ClusterJobState.Condition;
import io.mflow.runner.domain.kubernetes.ClusterJobState.ContainerEnd;
import io.mflow.runner.domain.kubernetes.ClusterJobState.Pod;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterJobStateTest {

    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    private static Pod pod(String name, String phase, Instant created, ContainerEnd... ended) {
        return new Pod(name, phase, created, List.of(ended));
    }

    private static Condition holds(String type, String reason, String message) {
        return new Condition(type, "True", reason, message);
    }

    @Test
    void aJobWithoutARunningPodWaits() {
        assertThat(ClusterJobState.of(List.of(), List.of())).isInstanceOf(ClusterJobState.Waiting.class);
        assertThat(ClusterJobState.of(List.of(), List.of(pod("p", "Pending", T0))))
                .isInstanceOf(ClusterJobState.Waiting.class);
    }

    @Test
    void aPodPastPendingMeansItRunsAndSaysThePodsPhase() {
        assertThat(ClusterJobState.of(List.of(), List.of(pod("build-x", "Running", T0))))
                .isEqualTo(new ClusterJobState.Running("Pod build-x Status: Running"));
        assertThat(ClusterJobState.of(List.of(), List.of(pod("old", "Failed", T0), pod("new", "Pending", T0.plusSeconds(5)))))
                .as("the newest pod counts: a retry's pod is being scheduled").isInstanceOf(ClusterJobState.Waiting.class);
    }

    @Test
    void aCompleteJobSucceedsWithTheOutputsItsContainersLeftInTheirTerminationMessages() {
        ClusterJobState.Seen seen = ClusterJobState.of(List.of(holds("Complete", null, null)), List.of(
                pod("failed-try", "Failed", T0, new ContainerEnd("main", 1, "Error", "VERSION=0.9")),
                pod("good", "Succeeded", T0.plusSeconds(9),
                        new ContainerEnd("download", 0, "Completed", "COMMIT=abc\nnoise"),
                        new ContainerEnd("main", 0, "Completed", "VERSION=1.2\nIMAGE=repo/app"))));

        Outcome outcome = ((ClusterJobState.Ended) seen).outcome();
        assertThat(outcome.stage()).isEqualTo(ReportStage.SUCCEEDED);
        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.outputs()).containsOnly(org.assertj.core.api.Assertions.entry("COMMIT", "abc"),
                org.assertj.core.api.Assertions.entry("VERSION", "1.2"),
                org.assertj.core.api.Assertions.entry("IMAGE", "repo/app"));
    }

    @Test
    void aCompleteJobWhosePodIsNotInViewYetIsNotEndedSoItsOutputsAreNotLost() {
        List<Condition> complete = List.of(holds("Complete", null, null));

        assertThat(ClusterJobState.of(complete, List.of(pod("good", "Running", T0))))
                .as("the Job's watch ran ahead of its pod's").isInstanceOf(ClusterJobState.Completing.class);
        assertThat(ClusterJobState.ofListed(complete, List.of(pod("good", "Succeeded", T0,
                new ContainerEnd("main", 0, "Completed", "IMAGE=repo/app")))))
                .isEqualTo(new ClusterJobState.Ended(Outcome.ofExit(0, "", java.util.Map.of("IMAGE", "repo/app"))));
        assertThat(ClusterJobState.ofListed(complete, List.of()))
                .as("listed from the API server, no pod means it was removed: ended, without outputs")
                .isEqualTo(new ClusterJobState.Ended(Outcome.ofExit(0, "", java.util.Map.of())));
    }

    @Test
    void aFailedJobFailsWithItsReasonAndTheExitCodeOfWhatFailed() {
        ClusterJobState.Seen seen = ClusterJobState.of(List.of(
                        new Condition("Complete", "False", null, null),
                        holds("Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit")),
                List.of(pod("p", "Failed", T0, new ContainerEnd("main", 2, "Error", null))));

        Outcome outcome = ((ClusterJobState.Ended) seen).outcome();
        assertThat(outcome.stage()).isEqualTo(ReportStage.FAILED);
        assertThat(outcome.message()).isEqualTo("BackoffLimitExceeded, Job has reached the specified backoff limit; "
                + "container main exited with 2 (Error)");
        assertThat(outcome.exitCode()).isEqualTo(2);
    }

    @Test
    void aJobPastItsDeadlineFailsAsSoonAsKubernetesMarksItWithoutWaitingForItsPodsToGo() {
        ClusterJobState.Seen seen = ClusterJobState.of(List.of(holds("FailureTarget", "DeadlineExceeded",
                "Job was active longer than specified deadline")), List.of(pod("p", "Running", T0)));

        assertThat(((ClusterJobState.Ended) seen).outcome().message())
                .isEqualTo("DeadlineExceeded, Job was active longer than specified deadline");
    }

    @Test
    void tooManyOutputsFailAJobThatCompleted() {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 101; i++) {
            many.append("K").append(i).append("=v\n");
        }
        ClusterJobState.Seen seen = ClusterJobState.of(List.of(holds("Complete", null, null)),
                List.of(pod("p", "Succeeded", T0, new ContainerEnd("main", 0, null, many.toString()))));

        assertThat(((ClusterJobState.Ended) seen).outcome().message()).contains("at most 100 are passed on");
    }
}
