package io.mflow.pipeline.app;

import io.mflow.pipeline.domain.Application;
import io.mflow.pipeline.domain.Decision;
import io.mflow.pipeline.domain.NextRun;
import io.mflow.pipeline.domain.PipelineRun;
import io.mflow.pipeline.domain.RunFact;
import io.mflow.platform.outbox.OutboxEntry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a fact to its run, decides the next step and stores both with the records to announce, in one
 * version-guarded write. A concurrent write makes it reload and apply the fact again.
 */
public final class AdvancePipelineRun {

    private static final Logger log = LoggerFactory.getLogger(AdvancePipelineRun.class);
    private static final int ATTEMPTS = 5;

    private final PipelineRuns runs;
    private final OutgoingRecords records;
    private final RunOutbox outbox;
    private final Clock clock;

    public AdvancePipelineRun(PipelineRuns runs, OutgoingRecords records, RunOutbox outbox, Clock clock) {
        this.runs = runs;
        this.records = records;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** @return the decision taken, or empty when the fact changed nothing (a duplicate, an unknown run or task) */
    public Optional<Decision> advance(RunFact fact) {
        return advance(fact, null);
    }

    /**
     * @param causedAt when the fact happened (a job's end as its runner reported it), carried on what the decision
     *                 sends so that the stage hand-off can be measured; null when unknown
     */
    public Optional<Decision> advance(RunFact fact, Instant causedAt) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Optional<StoredRun> stored = runs.find(fact.pipelineTaskId());
            PipelineRun run;
            String resumedBecause = null;
            if (stored.isEmpty()) {
                if (!(fact instanceof RunFact.Planned plan)) {
                    log.warn("skipping event {}: run {} has no known plan", fact.eventId(), fact.pipelineTaskId());
                    return Optional.empty();
                }
                run = PipelineRun.planned(plan);
            } else {
                Application application = stored.get().run().apply(fact);
                if (application instanceof Application.Ignored ignored) {
                    log.debug("run {}: {}", fact.pipelineTaskId(), ignored.reason());
                    return Optional.empty();
                }
                run = ((Application.Applied) application).run();
                resumedBecause = ((Application.Applied) application).resumedBecause();
            }
            Decision decision = NextRun.decide(run);
            PipelineRun next = run.record(decision);
            List<OutboxEntry> announced = Announcements.of(run, resumedBecause, decision, clock.instant()).stream()
                    .map(message -> records.encode(message, causedAt)).toList();
            long before = stored.map(StoredRun::version).orElse(RunOutbox.CREATED);
            boolean written = stored.isEmpty() ? runs.insert(next, announced) : runs.update(next, before, announced);
            if (written) {
                outbox.stored(fact.pipelineTaskId(), before, before + 1, announced);
                if (decision instanceof Decision.Wait) {
                    log.debug("run {} after event {}: wait", fact.pipelineTaskId(), fact.eventId());
                } else {
                    log.info("run {} after event {}: {}", fact.pipelineTaskId(), fact.eventId(), summary(decision));
                }
                return Optional.of(decision);
            }
            log.debug("run {} changed concurrently, applying event {} again", fact.pipelineTaskId(), fact.eventId());
        }
        throw new ConcurrentRunUpdateException(fact.pipelineTaskId());
    }

    private static String summary(Decision decision) {
        if (decision instanceof Decision.Start start) {
            return "start " + start.tasks().stream().map(t -> t.task().name()).toList();
        }
        if (decision instanceof Decision.CancelTasks cancel) {
            return "cancel " + cancel.tasks().stream().map(t -> t.name()).toList()
                    + cancel.conclusion().map(c -> ", conclude " + c.status()).orElse("");
        }
        if (decision instanceof Decision.Conclude conclude) {
            return "conclude " + conclude.status() + " (" + conclude.message() + ")";
        }
        return "wait";
    }
}
