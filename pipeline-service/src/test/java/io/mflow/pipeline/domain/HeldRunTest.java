package io.mflow.pipeline.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.platform.change.Change;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A run queued in its pipeline's lane is known to this service but held: nothing of it starts until it is let go. */
class HeldRunTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static PipelineRun queuedRun() {
        return PipelineRun.planned(new RunFact.Planned("created-1", "pt-1", "deploy", false, Map.of(), List.of(
                new StagePlan("ship", false, List.of(RunFixture.task("a", false, false)))), false, true));
    }

    @SuppressWarnings("unchecked")
    private static PipelineRun moved(Change<PipelineRun, Outgoing> change) {
        assertThat(change).isInstanceOf(Change.Moved.class);
        return ((Change.Moved<PipelineRun, Outgoing>) change).next();
    }

    @Test
    void aQueuedRunStartsNothing() {
        PipelineRun run = queuedRun();

        assertThat(run.held()).isTrue();
        assertThat(NextRun.decide(run)).isInstanceOf(Decision.Wait.class);
    }

    @Test
    void aQueuedRunLetGoStartsItsFirstTask() {
        PipelineRun run = moved(queuedRun().apply(new RunFact.LetGo("pt-1:2", "pt-1"), NOW, null));

        assertThat(run.held()).isFalse();
        Decision decision = NextRun.decide(run);
        assertThat(decision).isInstanceOf(Decision.Start.class);
        assertThat(((Decision.Start) decision).tasks()).extracting(t -> t.task().name()).containsExactly("a");
    }

    @Test
    void aRunThatWasNeverHeldTakesNoLetGo() {
        PipelineRun run = PipelineRun.planned(new RunFact.Planned("created-1", "pt-1", "deploy", false, Map.of(),
                List.of(new StagePlan("ship", false, List.of(RunFixture.task("a", false, false))))));

        assertThat(run.apply(new RunFact.LetGo("pt-1:1", "pt-1"), NOW, null)).isInstanceOf(Change.Refused.class);
    }

    @Test
    void aQueuedRunCanceledWhileItWaitedCancelsItsTasksInsteadOfStartingThem() {
        PipelineRun run = moved(queuedRun().apply(new RunFact.CancelRequested("pt-1:2", "pt-1"), NOW, null));

        Decision decision = NextRun.decide(run);
        // as for any task that never started: its runner is told, says CANCELED, and then the run concludes
        assertThat(decision).isInstanceOf(Decision.CancelTasks.class);
        assertThat(((Decision.CancelTasks) decision).tasks()).extracting(TaskPlan::name).containsExactly("a");
    }
}
