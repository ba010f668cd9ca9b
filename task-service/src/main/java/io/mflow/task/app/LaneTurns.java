package io.mflow.task.app;

import io.mflow.platform.aggregate.AggregateChanges;
import io.mflow.task.domain.Lane;
import io.mflow.task.domain.PipelineTask;
import io.mflow.task.domain.PipelineTaskEvent;
import io.mflow.task.domain.Status;
import java.time.Clock;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves runs through their lanes. The lane document decides who runs, by compare-and-set writes, so replicas never
 * let two runs in at once; the run let in then goes ACTIVE through its own document, whose outbox tells
 * pipeline-service. Each step can be repeated: a crash between the two writes is repaired by {@link #sweep}.
 */
public class LaneTurns {

    private static final Logger log = LoggerFactory.getLogger(LaneTurns.class);

    private final Lanes lanes;
    private final PipelineTasks pipelineTasks;
    private final AggregateChanges<PipelineTask, PipelineTaskEvent> changes;
    private final Clock clock;

    public LaneTurns(Lanes lanes, PipelineTasks pipelineTasks,
                     AggregateChanges<PipelineTask, PipelineTaskEvent> changes, Clock clock) {
        this.lanes = lanes;
        this.pipelineTasks = pipelineTasks;
        this.changes = changes;
        this.clock = clock;
    }

    /** Whether a run could enter now without waiting (a read: the answer may be stale by the time it enters). */
    public boolean isFree(String pipelineId, String value) {
        return lanes.find(pipelineId, value).map(lane -> lane.holder() == null).orElse(true);
    }

    /** A run arrives at its lane; one that comes to hold it is let go at once. */
    public Lane.Entry enter(PipelineTask run, Lane.WhenBusy whenBusy) {
        Lane.Entry[] entry = new Lane.Entry[1];
        update(run, lane -> {
            entry[0] = lane.enter(run.id(), whenBusy);
            if (entry[0] instanceof Lane.Holds holds) {
                return holds.lane();
            }
            return entry[0] instanceof Lane.Queued queued ? queued.lane() : lane;
        });
        if (entry[0] instanceof Lane.Holds) {
            letGo(run.id());
        }
        return entry[0];
    }

    /** A run that is complete (or canceled while queued) leaves its lane; the next in line is let go. */
    public void leave(PipelineTask run) {
        if (!run.inLane()) {
            return;
        }
        String[] letIn = new String[1];
        update(run, lane -> {
            Lane.Left left = lane.leave(run.id());
            letIn[0] = left.letIn();
            return left.lane();
        });
        if (letIn[0] != null) {
            log.info("lane '{}' of pipeline {}: run {} ended, run {} goes", run.laneValue(), run.pipelineId(),
                    run.id(), letIn[0]);
            letGo(letIn[0]);
        }
    }

    /** A failed run asks to go on: it may while its lane is free (and then holds it again); otherwise why not. */
    public Optional<String> refusalToResume(PipelineTask run) {
        if (!run.inLane()) {
            return Optional.empty();
        }
        Lane.Entry[] entry = new Lane.Entry[1];
        update(run, lane -> {
            entry[0] = lane.resume(run.id());
            return entry[0] instanceof Lane.Holds holds ? holds.lane() : lane;
        });
        return entry[0] instanceof Lane.Refused refused ? Optional.of(refused.reason()) : Optional.empty();
    }

    /** The run as stored now (after its lane let it go, say). */
    public PipelineTask current(PipelineTask run) {
        return pipelineTasks.byId(run.id()).orElse(run);
    }

    /** Where a queued run waits (1: next), read from its lane; empty for a run that does not wait. */
    public Optional<Integer> positionOf(PipelineTask run) {
        if (!run.inLane() || run.stage() != Status.QUEUED) {
            return Optional.empty();
        }
        return lanes.find(run.pipelineId(), run.laneValue()).flatMap(lane -> lane.positionOf(run.id()));
    }

    /**
     * Repairs what a crash between two writes left: a holder that succeeded or was canceled but did not leave, a holder let in but
     * still QUEUED, a queued run that never reached its lane. Safe to run any time, on any replica.
     */
    public void sweep() {
        for (Lane lane : lanes.held()) {
            Optional<PipelineTask> holder = pipelineTasks.byId(lane.holder());
            if (holder.isEmpty()) {
                continue;
            }
            Status stage = holder.get().stage();
            // Not a FAILED holder: it may have just taken its lane back to resume (a retry), and pipeline-service's
            // ACTIVE is on its way. A FAILED end comes only in a report, which is read again after a crash, and
            // its reading leaves the lane then.
            if (stage == Status.SUCCEEDED || stage == Status.CANCELED) {
                leave(holder.get());
            } else if (holder.get().stage() == Status.QUEUED) {
                letGo(holder.get().id());
            }
        }
        int page = 0;
        Page<PipelineTask> queued;
        do {
            queued = pipelineTasks.page(null, Status.QUEUED, page++, 100);
            for (PipelineTask run : queued.items()) {
                if (run.inLane()) {
                    enter(run, Lane.WhenBusy.QUEUE);
                }
            }
        } while (!queued.items().isEmpty() && page * 100L < queued.total());
    }

    private void letGo(String runId) {
        changes.change(runId, task -> task.letGo(clock.instant()));
    }

    private void update(PipelineTask run, UnaryOperator<Lane> step) {
        while (true) {
            Lane before = lanes.find(run.pipelineId(), run.laneValue())
                    .orElseGet(() -> Lane.empty(run.pipelineId(), run.laneValue()));
            Lane after = step.apply(before);
            if (after == before || lanes.write(after)) {
                return;
            }
        }
    }
}
