package io.mflow.pipeline.app;

import io.mflow.pipeline.domain.Decision;
import io.mflow.pipeline.domain.NextRun;
import io.mflow.pipeline.domain.Outgoing;
import io.mflow.pipeline.domain.PipelineRun;
import io.mflow.pipeline.domain.RunFact;
import io.mflow.platform.aggregate.AggregateChanges;
import io.mflow.platform.aggregate.AggregateStore;
import io.mflow.platform.aggregate.EventEncoder;
import io.mflow.platform.aggregate.Changed;
import io.mflow.platform.change.Change;
import io.mflow.platform.outbox.Relay;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a fact in its run, decides the next step, and stores both with what the run announces, through the seam
 * (one guarded write; when another writer came first, the fact is taken in again on what they wrote). A plan creates
 * its run.
 */
public final class AdvancePipelineRun {

    private static final Logger log = LoggerFactory.getLogger(AdvancePipelineRun.class);

    private final AggregateChanges<PipelineRun, Outgoing> runs;
    private final Clock clock;

    public AdvancePipelineRun(AggregateChanges<PipelineRun, Outgoing> runs, Clock clock) {
        this.runs = runs;
        this.clock = clock;
    }

    /**
     * How this service changes runs. A run in flight is recalled as this instance stored it, and believed when it
     * says a fact changes nothing: only the consumer of a run's partition writes the run (the listener forgets every
     * run when partitions move), and what an ignore rests on (facts applied, the plan, tasks dispatched) only grows.
     *
     * @param kind the collection the runs' outboxes are found in
     */
    public static AggregateChanges<PipelineRun, Outgoing> changesOfRuns(String kind, AggregateStore<PipelineRun> store,
                                                                       EventEncoder<PipelineRun, Outgoing> encoder,
                                                                       Relay relay, long recalled) {
        return AggregateChanges.of(kind, PipelineRun::pipelineTaskId, store, encoder, relay)
                .recalling(recalled, run -> !run.isConcluded())
                .asTheOnlyWriter()
                .build();
    }

    /** @return the decision taken, or empty when the fact changed nothing (a duplicate, an unknown run or task) */
    public Optional<Decision> advance(RunFact fact) {
        return advance(fact, null);
    }

    /**
     * @param causedAt when the fact happened (a job's end as its runner reported it), carried on what the decision
     *                 announces so that the stage hand-off can be measured; null when unknown
     */
    public Optional<Decision> advance(RunFact fact, Instant causedAt) {
        Instant now = clock.instant();
        AtomicReference<Decision> decided = new AtomicReference<>();
        Optional<Changed<PipelineRun, Outgoing>> changed = runs.changeOrCreate(fact.pipelineTaskId(), known -> {
            Change<PipelineRun, Outgoing> taken = known.map(run -> run.apply(fact, now, causedAt))
                    .orElseGet(() -> PipelineRun.create(fact));
            if (!(taken instanceof Change.Moved<PipelineRun, Outgoing> moved)) {
                return taken;
            }
            Decision decision = NextRun.decide(moved.next());
            decided.set(decision);
            return moved.next().carryOut(decision, moved.events(), now, causedAt);
        });
        if (changed.isEmpty()) {
            log.warn("skipping event {}: run {} has no known plan", fact.eventId(), fact.pipelineTaskId());
            return Optional.empty();
        }
        Optional<Change.Refused<PipelineRun, Outgoing>> ignored = changed.get().refusal();
        if (ignored.isPresent()) {
            log.debug("run {}: {}", fact.pipelineTaskId(), ignored.get().reason());
            return Optional.empty();
        }
        Decision decision = decided.get();
        if (decision instanceof Decision.Wait) {
            log.debug("run {} after event {}: wait", fact.pipelineTaskId(), fact.eventId());
        } else {
            log.info("run {} after event {}: {}", fact.pipelineTaskId(), fact.eventId(), summary(decision));
        }
        return Optional.of(decision);
    }

    private static String summary(Decision decision) {
        if (decision instanceof Decision.Start start) {
            return "start " + start.tasks().stream().map(t -> t.task().name()).toList()
                    + (start.rejected().isEmpty() ? ""
                            : ", reject " + start.rejected().stream().map(t -> t.task().name()).toList());
        }
        if (decision instanceof Decision.CancelTasks cancel) {
            return "cancel " + cancel.tasks().stream().map(t -> t.name()).toList();
        }
        if (decision instanceof Decision.Conclude conclude) {
            return "conclude " + conclude.status() + " (" + conclude.message() + ")";
        }
        return "wait";
    }
}
