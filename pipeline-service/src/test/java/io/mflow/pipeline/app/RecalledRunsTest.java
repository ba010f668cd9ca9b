package io.mflow.pipeline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.pipeline.domain.Decision;
import io.mflow.pipeline.domain.Outgoing;
import io.mflow.pipeline.domain.PipelineRun;
import io.mflow.pipeline.domain.RunFact;
import io.mflow.pipeline.domain.RunParamSet;
import io.mflow.pipeline.domain.StagePlan;
import io.mflow.pipeline.domain.TaskPlan;
import io.mflow.pipeline.domain.TaskStatus;
import io.mflow.platform.aggregate.AggregateChanges;
import io.mflow.platform.outbox.OutboxEntry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Runs in flight are recalled as this instance stored them, as the service wires the seam. */
class RecalledRunsTest {

    private final InMemoryRuns store = new InMemoryRuns();
    private final List<String> started = new ArrayList<>();
    private final AggregateChanges<PipelineRun, Outgoing> runs = AdvancePipelineRun.changesOfRuns("pipeline_runs", store,
            (run, message) -> {
                started.add(message.id());
                return new OutboxEntry(message.id(), "topic", message.key(), Map.of(), new byte[0], Instant.EPOCH, null);
            }, (owner, before, after, records) -> { }, 100);
    private final AdvancePipelineRun advance = new AdvancePipelineRun(runs, Clock.systemUTC());

    private static TaskPlan task(String id) {
        return new TaskPlan(id, id, "job-" + id, "LOCAL", "true", false, false, RunParamSet.of(), "enc:v1:t-" + id, false, false);
    }

    private static RunFact.JobTaskChanged changed(String task, TaskStatus status) {
        return new RunFact.JobTaskChanged(task + ":" + status, "pt-1", task, status, null, Map.of());
    }

    private void planTwoSerialTasks() {
        advance.advance(new RunFact.Planned("created", "pt-1", "demo", false, Map.of(),
                List.of(new StagePlan("only", false, List.of(task("a"), task("b"))))));
    }

    @Test
    void aRunsLaterEventsAreDecidedWithoutReadingTheStoreAgainWhetherTheyMoveItOrNot() {
        planTwoSerialTasks();
        advance.advance(changed("a", TaskStatus.CREATING));
        advance.advance(changed("a", TaskStatus.ACTIVE));
        advance.advance(changed("a", TaskStatus.SUCCEEDED));

        assertThat(started).containsExactly("a#1", "b#1");
        assertThat(store.finds).isEqualTo(1); // the look for a run not yet planned
    }

    @Test
    void aConcludedRunIsNotKept() {
        planTwoSerialTasks();
        advance.advance(changed("a", TaskStatus.SUCCEEDED));
        advance.advance(changed("b", TaskStatus.SUCCEEDED));

        assertThat(advance.advance(changed("b", TaskStatus.SUCCEEDED))).as("a copy").isEmpty();

        assertThat(store.get("pt-1").aggregate().conclusion()).isNotNull();
        assertThat(store.finds).isEqualTo(2); // the look before the plan, and the one for the event after the end
    }

    @Test
    void afterAnotherWriterWroteTheEventIsAppliedToWhatTheyWrote() {
        planTwoSerialTasks();
        store.conflictsLeft = 1;

        assertThat(advance.advance(changed("a", TaskStatus.SUCCEEDED))).containsInstanceOf(Decision.Start.class);
        assertThat(store.finds).isEqualTo(2);
        assertThat(store.get("pt-1").version()).isEqualTo(2);
        advance.advance(changed("b", TaskStatus.SUCCEEDED));
        assertThat(store.finds).as("what it wrote is recalled").isEqualTo(2);
        assertThat(store.get("pt-1").version()).isEqualTo(3);
    }

    @Test
    void whenPartitionsMoveTheNextEventReadsTheStore() {
        planTwoSerialTasks();
        runs.forgetAll();

        advance.advance(changed("a", TaskStatus.SUCCEEDED));

        assertThat(store.finds).isEqualTo(2);
        assertThat(started).containsExactly("a#1", "b#1");
    }
}
