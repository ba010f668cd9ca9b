package io.mflow.task.domain;

import io.mflow.platform.change.Change;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import static io.mflow.task.domain.Stage.*;
import static org.assertj.core.api.Assertions.assertThat;

class PipelineTaskTest {

    private static final Instant NOW = Instant.parse("2026-11-25T06:00:00Z");

    private static PipelineTask activeRun() {
        return PipelineTask.start("pt-1", "pl-1", "ci", false, Map.of(), List.of(
                new PipelineTaskEvent.StagePlan("build", false, List.of())), NOW, "vera", PipelineTask.Notices.NONE).task();
    }

    @Test
    void aRunStartsActiveAndAnnouncesItsPlanBeforeItsFirstChange() {
        PipelineTask.Started started = PipelineTask.start("pt-1", "pl-1", "ci", true, Map.of("k", "v"),
                List.of(new PipelineTaskEvent.StagePlan("build", false, List.of())), NOW, "vera",
                PipelineTask.Notices.NONE);
        assertThat(started.task().stage()).isEqualTo(ACTIVE);
        assertThat(started.events()).hasSize(2);
        assertThat(started.events().get(0)).isInstanceOf(PipelineTaskEvent.Created.class);
        assertThat(started.events().get(0).eventId()).isEqualTo("pt-1:created");
        PipelineTaskEvent.StatusChanged changed = (PipelineTaskEvent.StatusChanged) started.events().get(1);
        assertThat(changed.eventId()).isEqualTo("pt-1:1");
        assertThat(changed.previousStage()).isEqualTo(PENDING);
        assertThat(((PipelineTaskEvent.Created) started.events().get(0)).triggeredBy()).isEqualTo("vera");
        assertThat(changed.triggeredBy()).as("who started the run travels in every event").isEqualTo("vera");
        assertThat(changed.stage()).isEqualTo(ACTIVE);
    }

    @Test
    void anActiveRunMayBeCanceledAndThenConcluded() {
        Change<PipelineTask, PipelineTaskEvent> canceling = activeRun().moveTo(CANCELING, null, "by user", NOW);
        PipelineTask next = ((Change.Moved<PipelineTask, PipelineTaskEvent>) canceling).next();
        assertThat(next.stage()).isEqualTo(CANCELING);
        assertThat(next.finishedAt()).isNull();
        Change<PipelineTask, PipelineTaskEvent> canceled = next.moveTo(CANCELED, "r-1", "", NOW);
        PipelineTask done = ((Change.Moved<PipelineTask, PipelineTaskEvent>) canceled).next();
        assertThat(done.finishedAt()).isEqualTo(NOW);
        assertThat(done.message()).isEqualTo("by user");
        assertThat(done.hasApplied("r-1")).isTrue();
        assertThat(((Change.Moved<PipelineTask, PipelineTaskEvent>) canceled).events().get(0).eventId())
                .isEqualTo("pt-1:3");
    }

    @Test
    void aFinishedRunRejectsEveryChange() {
        PipelineTask succeeded = ((Change.Moved<PipelineTask, PipelineTaskEvent>) activeRun()
                .moveTo(SUCCEEDED, "r", "ok", NOW)).next();
        for (Stage stage : Stage.values()) {
            if (stage != SUCCEEDED) {
                assertThat(succeeded.moveTo(stage, "r2", "", NOW)).as(stage.name())
                        .isInstanceOf(Change.Refused.class);
            }
        }
        assertThat(succeeded.moveTo(SUCCEEDED, "r2", "", NOW)).isInstanceOf(Change.Unchanged.class);
    }

    @Test
    void pipelineTaskTransitionsFollowTheirTable() {
        assertThat(PipelineTaskTransitions.allows(PENDING, ACTIVE)).isTrue();
        assertThat(PipelineTaskTransitions.allows(PENDING, CANCELED)).isTrue();
        assertThat(PipelineTaskTransitions.allows(PENDING, FAILED)).isTrue();
        assertThat(PipelineTaskTransitions.allows(PENDING, SUCCEEDED)).isFalse();
        assertThat(PipelineTaskTransitions.allows(ACTIVE, SUCCEEDED)).isTrue();
        assertThat(PipelineTaskTransitions.allows(ACTIVE, PENDING)).isFalse();
        assertThat(PipelineTaskTransitions.allows(CANCELING, SUCCEEDED)).isTrue();
        assertThat(PipelineTaskTransitions.allows(CANCELING, ACTIVE)).isFalse();
        assertThat(PipelineTaskTransitions.allows(FAILED, SUCCEEDED)).isFalse();
    }
}
