package io.mflow.task.domain;

import static io.mflow.task.domain.Status.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.platform.change.Change;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A run of a pipeline with a lane: announced queued, let go by its lane, canceled at once while it waits. */
class PipelineTaskQueuedTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    private static PipelineTask.Started queuedStart() {
        return PipelineTask.start("pt-1", "pl-1", "deploy", false, Map.of(),
                List.of(new PipelineTaskEvent.StagePlan("ship", false, List.of())), NOW, "vera",
                PipelineTask.Notices.NONE, "prod");
    }

    @SuppressWarnings("unchecked")
    private static Change.Moved<PipelineTask, PipelineTaskEvent> moved(Change<PipelineTask, PipelineTaskEvent> change) {
        assertThat(change).isInstanceOf(Change.Moved.class);
        return (Change.Moved<PipelineTask, PipelineTaskEvent>) change;
    }

    @Test
    void aRunOfALaneStartsQueuedAndAnnouncesOnlyItsPlanMarkedQueued() {
        PipelineTask.Started started = queuedStart();

        assertThat(started.task().stage()).isEqualTo(QUEUED);
        assertThat(started.task().laneValue()).isEqualTo("prod");
        assertThat(started.events()).hasSize(1);
        assertThat(((PipelineTaskEvent.Created) started.events().get(0)).queued()).isTrue();
    }

    @Test
    void aRunWithoutALaneStartsActiveAndItsPlanIsNotQueued() {
        PipelineTask.Started started = PipelineTask.start("pt-1", "pl-1", "ci", false, Map.of(), List.of(), NOW,
                "vera", PipelineTask.Notices.NONE);

        assertThat(started.task().stage()).isEqualTo(ACTIVE);
        assertThat(((PipelineTaskEvent.Created) started.events().get(0)).queued()).isFalse();
    }

    @Test
    void letGoMovesAQueuedRunActiveAndSaysSoFromQueued() {
        Change.Moved<PipelineTask, PipelineTaskEvent> letGo = moved(queuedStart().task().letGo(NOW));

        assertThat(letGo.next().stage()).isEqualTo(ACTIVE);
        PipelineTaskEvent.StatusChanged changed = (PipelineTaskEvent.StatusChanged) letGo.events().get(0);
        assertThat(changed.previousStage()).isEqualTo(QUEUED);
        assertThat(changed.stage()).isEqualTo(ACTIVE);
    }

    @Test
    void aSecondLetGoChangesNothing() {
        PipelineTask active = moved(queuedStart().task().letGo(NOW)).next();

        assertThat(active.letGo(NOW)).isInstanceOf(Change.Unchanged.class);
    }

    @Test
    void aQueuedRunCanceledIsCanceledAtOnceWhileARunningOneIsAskedToStop() {
        PipelineTask queued = queuedStart().task();
        PipelineTask active = moved(queued.letGo(NOW)).next();

        assertThat(moved(queued.cancel(NOW)).next().stage()).isEqualTo(CANCELED);
        assertThat(moved(queued.cancel(NOW)).next().finishedAt()).isEqualTo(NOW);
        assertThat(moved(active.cancel(NOW)).next().stage()).isEqualTo(CANCELING);
    }

    @Test
    void aQueuedRunGoesNowhereButActiveOrCanceled() {
        for (Status target : Status.values()) {
            assertThat(PipelineTaskTransitions.allows(QUEUED, target)).as(target.name())
                    .isEqualTo(target == ACTIVE || target == CANCELED);
        }
    }
}
