package io.mflow.task.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.platform.aggregate.AggregateChanges;
import io.mflow.platform.aggregate.AggregateStore;
import io.mflow.platform.aggregate.Stored;
import io.mflow.platform.outbox.OutboxEntry;
import io.mflow.task.domain.Lane;
import io.mflow.task.domain.PipelineTask;
import io.mflow.task.domain.PipelineTaskEvent;
import io.mflow.task.domain.Status;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Lanes as the store keeps them, through crashes between a run's write and its lane's: the sweep that runs when
 * task-service starts lets the right run go, and a lane write that lost to another writer is decided again.
 */
class LaneTurnsTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    private final Runs runs = new Runs();
    private final StoredLanes lanes = new StoredLanes();
    private final List<String> announced = new ArrayList<>();
    private final AggregateChanges<PipelineTask, PipelineTaskEvent> changes =
            AggregateChanges.<PipelineTask, PipelineTaskEvent>of("pipeline_tasks", PipelineTask::id, runs,
                    (next, event) -> {
                        announced.add(event.eventId());
                        return new OutboxEntry(event.eventId(), "t", "k", Map.of(), new byte[0]);
                    }, (owner, before, after, records) -> { }).build();
    private final LaneTurns turns = new LaneTurns(lanes, runs, changes, Clock.fixed(NOW, ZoneOffset.UTC));

    private PipelineTask queuedRun(String id) {
        PipelineTask.Started started = PipelineTask.start(id, "pl-1", "deploy", false, Map.of(), List.of(), NOW,
                "alice", PipelineTask.Notices.NONE, "prod");
        changes.create(started.task(), started.events());
        return started.task();
    }

    private String stageOf(String id) {
        return runs.byId(id).orElseThrow().stage().name();
    }

    private void endedWhileNobodyWatched(String id, Status stage) {
        changes.change(id, run -> run.moveTo(stage, null, "ended", NOW));
    }

    @Test
    void aRunThatEndedWhileTaskServiceWasDownLetsTheNextGoWhenItComesBack() {
        PipelineTask first = queuedRun("pt-1");
        turns.enter(first, Lane.WhenBusy.QUEUE);
        turns.enter(queuedRun("pt-2"), Lane.WhenBusy.QUEUE);
        endedWhileNobodyWatched("pt-1", Status.SUCCEEDED);
        assertThat(stageOf("pt-2")).isEqualTo("QUEUED");

        turns.sweep();

        assertThat(stageOf("pt-2")).isEqualTo("ACTIVE");
        assertThat(lanes.find("pl-1", "prod").orElseThrow().holder()).isEqualTo("pt-2");
        assertThat(announced).contains("pt-2:2");
    }

    @Test
    void aRunLetInByItsLaneButNotYetMovedIsMovedByTheSweep() {
        turns.enter(queuedRun("pt-1"), Lane.WhenBusy.QUEUE);
        queuedRun("pt-2");
        // the crash came between the lane's write and the run's: the lane says pt-2 holds it, pt-2 still QUEUED
        lanes.write(new Lane("pl-1", "prod", "pt-2", List.of(), lanes.find("pl-1", "prod").orElseThrow().version() + 1));
        endedWhileNobodyWatched("pt-1", Status.FAILED);

        turns.sweep();

        assertThat(stageOf("pt-2")).isEqualTo("ACTIVE");
    }

    @Test
    void aQueuedRunThatNeverReachedItsLaneIsPutInLineByTheSweep() {
        turns.enter(queuedRun("pt-1"), Lane.WhenBusy.QUEUE);
        queuedRun("pt-2"); // created, then the crash: never entered

        turns.sweep();

        assertThat(stageOf("pt-2")).isEqualTo("QUEUED");
        assertThat(lanes.find("pl-1", "prod").orElseThrow().positionOf("pt-2")).contains(1);
        turns.leave(runs.byId("pt-1").orElseThrow());
        assertThat(stageOf("pt-2")).isEqualTo("ACTIVE");
    }

    @Test
    void aFailedRunThatTookItsLaneBackToResumeKeepsItThroughTheSweep() {
        turns.enter(queuedRun("pt-1"), Lane.WhenBusy.QUEUE);
        endedWhileNobodyWatched("pt-1", Status.FAILED);
        turns.leave(runs.byId("pt-1").orElseThrow());
        // a person retries its failed task: it takes its lane back; pipeline-service's ACTIVE has not come yet
        assertThat(turns.refusalToResume(runs.byId("pt-1").orElseThrow())).isEmpty();

        turns.sweep();

        assertThat(lanes.find("pl-1", "prod").orElseThrow().holder()).isEqualTo("pt-1");
        turns.enter(queuedRun("pt-2"), Lane.WhenBusy.QUEUE);
        assertThat(stageOf("pt-2")).isEqualTo("QUEUED");
    }

    @Test
    void aSweepWithNothingToRepairChangesNothing() {
        turns.enter(queuedRun("pt-1"), Lane.WhenBusy.QUEUE);
        turns.enter(queuedRun("pt-2"), Lane.WhenBusy.QUEUE);
        Lane before = lanes.find("pl-1", "prod").orElseThrow();
        int announcedBefore = announced.size();

        turns.sweep();
        turns.sweep();

        assertThat(lanes.find("pl-1", "prod")).contains(before);
        assertThat(announced).hasSize(announcedBefore);
        assertThat(stageOf("pt-1")).isEqualTo("ACTIVE");
        assertThat(stageOf("pt-2")).isEqualTo("QUEUED");
    }

    @Test
    void anEntryThatLostItsWriteToAnotherReplicaDecidesAgainOnWhatThatReplicaWrote() {
        PipelineTask mine = queuedRun("pt-1");
        queuedRun("pt-2");
        // another replica let pt-2 in just before this one wrote
        lanes.beforeNextWrite = () -> lanes.stored.put("pl-1:prod", new Lane("pl-1", "prod", "pt-2", List.of(), 1));

        Lane.Entry entry = turns.enter(mine, Lane.WhenBusy.QUEUE);

        assertThat(entry).isInstanceOf(Lane.Queued.class);
        assertThat(stageOf("pt-1")).isEqualTo("QUEUED");
        assertThat(lanes.find("pl-1", "prod").orElseThrow().line()).containsExactly("pt-1");
    }

    @Test
    void aRepeatedEndLetsOnlyOneRunIn() {
        turns.enter(queuedRun("pt-1"), Lane.WhenBusy.QUEUE);
        turns.enter(queuedRun("pt-2"), Lane.WhenBusy.QUEUE);
        turns.enter(queuedRun("pt-3"), Lane.WhenBusy.QUEUE);
        endedWhileNobodyWatched("pt-1", Status.SUCCEEDED);
        PipelineTask ended = runs.byId("pt-1").orElseThrow();

        turns.leave(ended);
        turns.leave(ended);

        assertThat(stageOf("pt-2")).isEqualTo("ACTIVE");
        assertThat(stageOf("pt-3")).isEqualTo("QUEUED");
    }

    /** The lanes as the store keeps them: a write succeeds only on the version it was made from. */
    private static final class StoredLanes implements Lanes {
        final Map<String, Lane> stored = new HashMap<>();
        Runnable beforeNextWrite;

        @Override
        public Optional<Lane> find(String pipelineId, String value) {
            return Optional.ofNullable(stored.get(pipelineId + ":" + value));
        }

        @Override
        public boolean write(Lane next) {
            if (beforeNextWrite != null) {
                Runnable other = beforeNextWrite;
                beforeNextWrite = null;
                other.run();
            }
            String key = next.pipelineId() + ":" + next.value();
            Lane current = stored.get(key);
            long version = current == null ? 0 : current.version();
            if (version != next.version() - 1) {
                return false;
            }
            stored.put(key, next);
            return true;
        }

        @Override
        public List<Lane> held() {
            return stored.values().stream().filter(lane -> lane.holder() != null).toList();
        }
    }

    private static final class Runs implements AggregateStore<PipelineTask>, PipelineTasks {
        final Map<String, Stored<PipelineTask>> stored = new HashMap<>();

        @Override
        public Optional<Stored<PipelineTask>> read(String id) {
            return Optional.ofNullable(stored.get(id));
        }

        @Override
        public boolean insert(PipelineTask task, List<OutboxEntry> outbox) {
            return stored.putIfAbsent(task.id(), new Stored<>(task, Stored.FIRST_VERSION)) == null;
        }

        @Override
        public boolean update(PipelineTask next, long expectedVersion, List<OutboxEntry> outbox) {
            if (stored.get(next.id()).version() != expectedVersion) {
                return false;
            }
            stored.put(next.id(), new Stored<>(next, expectedVersion + 1));
            return true;
        }

        @Override
        public Optional<PipelineTask> byId(String id) {
            return Optional.ofNullable(stored.get(id)).map(Stored::aggregate);
        }

        @Override
        public List<String> unfinished(String pipelineId, int limit) {
            return stored.values().stream().map(Stored::aggregate)
                    .filter(run -> run.pipelineId().equals(pipelineId) && !run.stage().isComplete())
                    .map(PipelineTask::id).limit(limit).toList();
        }

        @Override
        public Page<PipelineTask> page(String pipelineId, Status stage, Map<String, String> labels, int page,
                                       int size) {
            List<PipelineTask> found = stored.values().stream().map(Stored::aggregate)
                    .filter(run -> stage == null || run.stage() == stage).toList();
            List<PipelineTask> slice = found.stream().skip((long) page * size).limit(size).toList();
            return new Page<>(slice, page, size, found.size());
        }
    }
}
