package io.mflow.pipeline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.pipeline.domain.Decision;
import io.mflow.pipeline.domain.RunFact;
import io.mflow.pipeline.domain.RunParamSet;
import io.mflow.pipeline.domain.StagePlan;
import io.mflow.pipeline.domain.TaskPlan;
import io.mflow.pipeline.domain.TaskStatus;
import io.mflow.platform.outbox.OutboxEntry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecentRunsTest {

    private final InMemoryRuns store = new InMemoryRuns();
    private final RecentRuns recent = new RecentRuns(store, 100);
    private final List<String> started = new ArrayList<>();
    private final AdvancePipelineRun advance = new AdvancePipelineRun(recent, (message, causedAt) -> {
        started.add(message.id());
        return new OutboxEntry(message.id(), "topic", message.pipelineTaskId(), Map.of(), new byte[0], Instant.EPOCH, null);
    }, (pipelineTaskId, before, after, entries) -> { }, Clock.systemUTC());

    private static TaskPlan task(String id) {
        return new TaskPlan(id, id, "job-" + id, "LOCAL", "true", false, false, RunParamSet.of(), "enc:v1:t-" + id, false, false);
    }

    private static RunFact.JobTaskChanged changed(String task, TaskStatus stage) {
        return new RunFact.JobTaskChanged(task + ":" + stage, "pt-1", task, stage, null, Map.of());
    }

    private void planTwoSerialTasks() {
        advance.advance(new RunFact.Planned("created", "pt-1", "demo", false, Map.of(),
                List.of(new StagePlan("only", false, List.of(task("a"), task("b"))))));
    }

    @Test
    void aRunsLaterEventsAreDecidedWithoutReadingTheStoreAgain() {
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

        recent.find("pt-1");

        assertThat(store.find("pt-1").orElseThrow().run().conclusion()).isNotNull();
        assertThat(store.finds).isEqualTo(3); // the look before the plan, the look above, and this test's own
    }

    @Test
    void afterAnotherWriterWroteTheEventIsAppliedToWhatTheyWrote() {
        planTwoSerialTasks();
        store.conflictsLeft = 1;

        assertThat(advance.advance(changed("a", TaskStatus.SUCCEEDED))).containsInstanceOf(Decision.Start.class);
        assertThat(store.finds).isEqualTo(2);
        assertThat(store.find("pt-1").orElseThrow().version()).isEqualTo(2);
        assertThat(recent.find("pt-1").orElseThrow().version()).isEqualTo(2);
    }

    @Test
    void whenPartitionsMoveTheNextEventReadsTheStore() {
        planTwoSerialTasks();
        recent.forgetAll();

        advance.advance(changed("a", TaskStatus.SUCCEEDED));

        assertThat(store.finds).isEqualTo(2);
        assertThat(started).containsExactly("a#1", "b#1");
    }
}
