package io.mflow.notify.domain;

import static io.mflow.notify.domain.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommitStatusTest {

    @ParameterizedTest(name = "a run {0} is {1} on GitLab and {2} on GitHub")
    @CsvSource({
            "PENDING, pending, pending",
            "CREATING, pending, pending",
            "ACTIVE, running, pending",
            "CANCELING, running, pending",
            "SUCCEEDED, success, success",
            "FAILED, failed, failure",
            "CANCELED, canceled, error",
            "SKIPPED, canceled, error"})
    void eachStageOfTheRunHasTheStateEachProviderKnows(String stage, String gitlab, String github) {
        CommitStatus status = CommitStatus.of(pipelineNotice(stage, null));

        assertThat(status.gitlabState()).isEqualTo(gitlab);
        assertThat(status.githubState()).isEqualTo(github);
    }

    @Test
    void gitlabGetsStateNameTargetUrlAndDescription() {
        Map<String, String> body = CommitStatus.of(pipelineNotice("SUCCEEDED", null)).gitlabBody();

        assertThat(body).containsExactly(Map.entry("state", "success"), Map.entry("name", "mflow/release"),
                Map.entry("target_url", "https://mflow.example.com/api/v1/pipeline-tasks/pt-1"),
                Map.entry("description", "The run succeeded in 1m30s"));
    }

    @Test
    void githubGetsStateContextTargetUrlAndDescription() {
        Map<String, String> body = CommitStatus.of(pipelineNotice("FAILED", "stage test failed")).githubBody();

        assertThat(body).containsExactly(Map.entry("state", "failure"), Map.entry("context", "mflow/release"),
                Map.entry("target_url", "https://mflow.example.com/api/v1/pipeline-tasks/pt-1"),
                Map.entry("description", "The run failed in 1m30s: stage test failed"));
    }

    @Test
    void withoutABaseUrlTheTargetUrlIsLeftOutRatherThanSentEmpty() {
        Notice notice = pipeline().notice(pipelineChange("ACTIVE", null), null);

        assertThat(CommitStatus.of(notice).githubBody()).doesNotContainKey("target_url")
                .containsEntry("description", "The run is running");
    }

    @Test
    void aLongFailureMessageIsCutToOneShortLine() {
        String message = "line one\n" + "x".repeat(300);

        String description = CommitStatus.of(pipelineNotice("FAILED", message)).description();

        assertThat(description).hasSize(CommitStatus.DESCRIPTION_LIMIT).doesNotContain("\n").endsWith("…");
    }

    @Test
    void aCommitStatusIsSentOnlyForThePipelineTasksOwnChangesNeverAJobTasks() {
        Subscription gitlab = Subscription.webhook(0, ChannelType.GITLAB_STATUS, "enc:v1:url",
                "https://gitlab.example.com/api/v4/projects/******/statuses/******", "ep-1", List.of(),
                Map.of("PRIVATE-TOKEN", "enc:v1:token"), null);
        Subscriber jobTask = Fixtures.jobTaskWith(gitlab);
        Subscriber pipeline = pipeline(gitlab);

        assertThat(jobTask.deliveriesFor(jobTask.notice(Fixtures.change("ACTIVE", "FAILED"), null), NOW)).isEmpty();
        assertThat(pipeline.deliveriesFor(pipelineNotice("FAILED", null), NOW)).extracting(Delivery::channel)
                .containsExactly(ChannelType.GITLAB_STATUS);
    }

    @Test
    void theStatusTypesAreTakenAsDeclaredWhateverTheHost() {
        assertThat(ChannelType.ofWebhook("gitlab_status", "https://gitlab.example.com/api/v4/projects/1/statuses/a"))
                .isEqualTo(ChannelType.GITLAB_STATUS);
        assertThat(ChannelType.ofWebhook("GITHUB_STATUS", "https://api.github.com/repos/o/r/statuses/a"))
                .isEqualTo(ChannelType.GITHUB_STATUS);
        assertThat(ChannelType.ofWebhook(null, "https://api.github.com/repos/o/r/statuses/a"))
                .as("a url alone never makes a commit status: it needs the git trigger's type")
                .isEqualTo(ChannelType.GENERIC);
    }

    @Test
    void aDeliverySupersededByALaterStateIsSettledFailedWithoutAnAttempt() {
        Subscription github = Subscription.webhook(0, ChannelType.GITHUB_STATUS, "enc:v1:url", "shown", "ep-1",
                List.of(), Map.of(), null);
        Delivery running = Delivery.of(pipelineNotice("ACTIVE", null), github, NOW);

        var superseded = running.superseded(NOW.plusSeconds(1));

        assertThat(superseded.next().state()).isEqualTo(DeliveryState.FAILED);
        assertThat(superseded.next().attempts()).isZero();
        assertThat(superseded.next().lastResult().error()).isEqualTo(Delivery.SUPERSEDED);
        assertThat(superseded.events()).containsExactly(new DeliverySettled(running.id(), DeliveryState.FAILED));
    }

    private static Subscriber pipeline(Subscription... subscriptions) {
        return new Subscriber("pt-1", Notice.Subject.PIPELINE_TASK, "pt-1", "release", null, Map.of(),
                List.of(subscriptions), Map.of());
    }

    private static TaskChange pipelineChange(String stage, String message) {
        return new TaskChange("pt-1:" + stage, Notice.Subject.PIPELINE_TASK, stage, null, null, "pt-1", null, stage,
                "PENDING", message, "vera", Instant.parse("2026-11-25T05:58:28Z"),
                Instant.parse("2026-11-25T05:59:58.123Z"), 0, List.of());
    }

    private static Notice pipelineNotice(String stage, String message) {
        return pipeline().notice(pipelineChange(stage, message), "https://mflow.example.com");
    }
}
