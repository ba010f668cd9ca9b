package io.mflow.task.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TriggerRecordTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static GitDelivery push() {
        return GitDelivery.generic("msg_1", Map.of("repository", "team/app", "event", "PUSH", "ref", "main"));
    }

    @Test
    void theSameDeliveryGetsTheSameRecordIdAndEachBuildTheSameRunId() {
        assertThat(TriggerRecord.idOf(GitProvider.GITLAB, "u-1")).isEqualTo(TriggerRecord.idOf(GitProvider.GITLAB, "u-1"))
                .isNotEqualTo(TriggerRecord.idOf(GitProvider.GITHUB, "u-1"));
        assertThat(TriggerRecord.runIdOf("tr-1", "bc-1")).isEqualTo(TriggerRecord.runIdOf("tr-1", "bc-1"))
                .isNotEqualTo(TriggerRecord.runIdOf("tr-1", "bc-2")).startsWith("pt-");
    }

    @Test
    void aDeliveryNoConfigurationTakesIsRecordedAsNoMatch() {
        assertThat(TriggerRecord.of("tr-1", push(), List.of(), false, NOW).stage())
                .isEqualTo(TriggerRecord.Stage.NO_MATCH);
    }

    @Test
    void anUnknownEventIsRecordedAsIgnoredAndStartsNothing() {
        GitDelivery ping = GitDelivery.github("ping", "d-1", Map.of("repository", Map.of("full_name", "o/r")));
        TriggerRecord record = TriggerRecord.of("tr-1", ping, List.of(BuildConfigTest.config(
                BuildCondition.ALWAYS, null, null)), false, NOW);

        assertThat(record.stage()).isEqualTo(TriggerRecord.Stage.IGNORED);
        assertThat(record.builds()).isEmpty();
    }

    @Test
    void aRecordIsStartedOnceEveryBuildStartedOrFailedToAndStepsOnlyPendingOnes() {
        TriggerRecord received = TriggerRecord.of("tr-1", push(), List.of(BuildConfigTest.config(
                BuildCondition.ALWAYS, null, null)), false, NOW);
        assertThat(received.stage()).isEqualTo(TriggerRecord.Stage.RECEIVED);
        assertThat(received.builds().get(0).pipelineTaskId()).isEqualTo(TriggerRecord.runIdOf("tr-1", "bc-1"));

        TriggerRecord started = received.withPendingDone(build -> new TriggerRecord.Build(build.buildConfigId(),
                build.pipelineTaskId(), true, null));

        assertThat(started.stage()).isEqualTo(TriggerRecord.Stage.STARTED);
        assertThat(started.hasPending()).isFalse();
        assertThat(started.withPendingDone(build -> {
            throw new AssertionError("a started build is not started again");
        })).isEqualTo(started);
    }
}
