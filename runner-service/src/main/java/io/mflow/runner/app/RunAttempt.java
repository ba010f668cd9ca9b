package io.mflow.runner.app;

import io.mflow.localrunner.domain.Outcome;
import io.mflow.platform.aggregate.AggregateChanges;
import io.mflow.platform.aggregate.Changed;
import io.mflow.platform.change.Change;
import io.mflow.runner.domain.Attempt;
import io.mflow.runner.domain.Execution;
import io.mflow.runner.domain.ExecutionState;
import io.mflow.runner.domain.Report;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one attempt: claim it, start its process, record the start, and record the end when the process ends. */
public class RunAttempt {

    private static final Logger log = LoggerFactory.getLogger(RunAttempt.class);

    private final AggregateChanges<Execution, Report> executions;
    private final Runners runners;
    private final Secrets secrets;
    private final AttemptSecrets attemptSecrets;
    private final ShipLogs logs;
    private final OutsideReports outsideReports;
    private final Clock clock;
    private final String self;
    /** The attempts whose process this instance follows, so it stops one that another instance canceled. */
    private final Map<String, Followed> following = new ConcurrentHashMap<>();

    private record Followed(Runner runner, Attempt attempt, Launch launch) {
    }

    public RunAttempt(AggregateChanges<Execution, Report> executions, Runners runners, Secrets secrets,
            AttemptSecrets attemptSecrets, ShipLogs logs, OutsideReports outsideReports, Clock clock) {
        this(executions, runners, secrets, attemptSecrets, logs, outsideReports, clock, null);
    }

    /**
     * @param self this runner-service instance: it claims attempts as their owner, and changes only what it owns, so
     *             an instance that was taken for dead and comes back acts on nothing another took over
     */
    public RunAttempt(AggregateChanges<Execution, Report> executions, Runners runners, Secrets secrets,
            AttemptSecrets attemptSecrets, ShipLogs logs, OutsideReports outsideReports, Clock clock, String self) {
        this.self = self;
        this.outsideReports = outsideReports;
        this.executions = executions;
        this.runners = runners;
        this.secrets = secrets;
        this.attemptSecrets = attemptSecrets;
        this.logs = logs;
        this.clock = clock;
    }

    public void run(Attempt attempt) {
        // The claim comes before anything runs: a redelivered RunJob, or one canceled before it came, stops here.
        Change.Moved<Execution, Report> claim = Execution.claim(attempt, clock.instant(), self);
        if (!executions.create(claim.next(), claim.events())) {
            log.info("{} is claimed or canceled already; ignored", attempt);
            return;
        }
        startClaimedWhenDue(attempt);
    }

    /**
     * Starts a claimed attempt, or, while it waits for its back-off, schedules its start. Also used by recovery for
     * an attempt claimed before a crash but never taken by a process: the claim is stored, so a crash during the
     * wait only postpones the start to the next runner's recovery.
     */
    void startClaimedWhenDue(Attempt attempt) {
        long waitMillis = attempt.waitsAt(clock.instant())
                ? Duration.between(clock.instant(), attempt.notBefore()).toMillis() : 0;
        if (waitMillis <= 0) {
            startClaimed(attempt);
            return;
        }
        CompletableFuture.runAsync(() -> {
            try {
                // A cancel that came during the wait settled it: nothing is started at all.
                if (executions.read(attempt.attemptId()).map(stored -> stored.aggregate())
                        .filter(stored -> stored.state() == ExecutionState.CLAIMED)
                        .filter(stored -> stored.owner() == null || stored.isOwnedBy(self)).isPresent()) {
                    startClaimed(attempt);
                }
            } catch (RuntimeException e) {
                log.warn("{} could not be started after its back-off; recovery starts it: {}", attempt, e.toString());
            }
        }, CompletableFuture.delayedExecutor(waitMillis, TimeUnit.MILLISECONDS));
    }

    private void startClaimed(Attempt attempt) {
        String id = attempt.attemptId();
        Optional<Runner> runner = runners.forType(attempt.runnerType());
        if (runner.isEmpty()) {
            changeOwn(id, e -> e.refused("unknown runner type " + attempt.runnerType(), clock.instant()));
            return;
        }
        if (attempt.dryRun()) {
            changeOwn(id, e -> e.finished(Outcome.dryRun(attempt.dryRunNote()), clock.instant()));
            return;
        }
        Launch launch;
        try {
            launch = runner.get().start(attempt, secrets.paramsOf(attempt), secrets.updateTokenOf(attempt));
        } catch (RuntimeException e) {
            // The JDK quotes a rejected environment value in its message: mask before it is logged or reported.
            String reason = Outcome.failed("could not start the job: " + e.getMessage()).masking(secretsOf(attempt))
                    .message();
            log.warn("{}: {}", attempt, reason);
            changeOwn(id, x -> x.refused(reason, clock.instant()));
            return;
        }
        Optional<Execution> after = recordStart(attempt, launch);
        if (after.isPresent() && after.get().state() == ExecutionState.CANCELED) {
            // A cancel landed between the claim and the start; the process must not outlive it.
            runner.get().stop(attempt, launch);
            return;
        }
        if (after.isPresent() && !after.get().state().isSettled()) {
            watch(runner.get(), attempt, launch);
        }
    }

    void watch(Runner runner, Attempt attempt, Launch launch) {
        if (launch.pending()) {
            runner.running(attempt, launch).thenAccept(message -> {
                try {
                    changeOwn(attempt.attemptId(),
                            e -> e.started(launch.pid(), launch.where(), message, clock.instant()));
                } catch (RuntimeException e) {
                    log.warn("the start of {} could not be recorded now: {}", attempt, e.toString());
                }
            });
        }
        logs.follow(attempt, runner, launch);
        armTimeout(runner, attempt, launch);
        following.put(attempt.attemptId(), new Followed(runner, attempt, launch));
        runner.completion(attempt, launch).whenComplete((outcome, failure) -> {
            following.remove(attempt.attemptId());
            CompletableFuture<Void> shipped = logs.ended(attempt);
            try {
                Optional<Execution> after = finish(attempt, failure == null ? outcome : Outcome.lost());
                after.ifPresent(e -> log.info("{} ended: {}", attempt, e.state()));
                discardWhenShipped(runner, attempt, launch, shipped, after);
            } catch (RuntimeException e) {
                // Recovery finishes it on the next start from the exit file the process left.
                log.warn("the end of {} could not be recorded now: {}", attempt, e.toString());
            }
        });
    }

    private void armTimeout(Runner runner, Attempt attempt, Launch launch) {
        if (attempt.manualStatus()) {
            outsideReports.expect(attempt.attemptId());
        }
        if (attempt.timeout() != null) {
            // A runner that restarts gives a re-attached job its whole timeout again: it cannot know better.
            CompletableFuture.runAsync(() -> timeOut(runner, attempt, launch),
                    CompletableFuture.delayedExecutor(attempt.timeout().toMillis(), TimeUnit.MILLISECONDS));
        }
    }

    /**
     * For recovery: a manualStatus attempt whose process ended before the restart and that still waits for its
     * outside report. Its timeout starts again, as a re-attached job's does.
     */
    void awaitAgain(Runner runner, Attempt attempt, Launch launch) {
        armTimeout(runner, attempt, launch);
    }

    /**
     * The attempt ran out of time: its end is recorded first, so the exit code of the kill that follows changes
     * nothing, and the process is stopped only if it had not ended by itself.
     */
    private void timeOut(Runner runner, Attempt attempt, Launch launch) {
        try {
            boolean ended = changeOwn(attempt.attemptId(), e -> e.timedOut(clock.instant()))
                    .map(Changed::moved).orElse(false);
            if (ended) {
                outsideReports.forget(attempt.attemptId());
            }
            if (ended && launch != null) {
                log.info("{} timed out after {}; stopping it", attempt, attempt.timeout());
                runner.stop(attempt, launch);
            }
        } catch (RuntimeException e) {
            log.warn("the timeout of {} could not be carried out now: {}", attempt, e.toString());
        }
    }

    /** Records the end of the attempt's process; the log tail in its message never shows a sensitive param. */
    Optional<Execution> finish(Attempt attempt, Outcome outcome) {
        Outcome masked = outcome.masking(secretsOf(attempt));
        Optional<Execution> after = changeOwn(attempt.attemptId(), e -> e.finished(masked, clock.instant()))
                .map(Changed::aggregate);
        if (after.isPresent() && after.get().state().isSettled()) {
            outsideReports.forget(attempt.attemptId());
        }
        return after;
    }

    private List<String> secretsOf(Attempt attempt) {
        return attemptSecrets.of(attempt);
    }

    /** For recovery: an attempt whose process ended while the runner was down; its output is published too. */
    Optional<Execution> finishRecovered(Runner runner, Attempt attempt, Launch launch, Outcome outcome) {
        CompletableFuture<Void> shipped = CompletableFuture.completedFuture(null);
        if (launch != null) {
            logs.follow(attempt, runner, launch);
            shipped = logs.ended(attempt);
        }
        Optional<Execution> after = finish(attempt, outcome);
        if (launch != null) {
            discardWhenShipped(runner, attempt, launch, shipped, after);
        }
        return after;
    }

    /**
     * The raw output goes only once both its masked copy is published and the end is recorded (read from it):
     * until then a restart must still find it. A manualStatus attempt awaiting its outside report has reported its
     * outputs already, and its process has ended.
     */
    private static void discardWhenShipped(Runner runner, Attempt attempt, Launch launch,
                                           CompletableFuture<Void> shipped, Optional<Execution> after) {
        if (after.isEmpty() || !(after.get().state().isSettled() || after.get().state() == ExecutionState.AWAITING)) {
            return;
        }
        // off the log shipper's thread: killing what is left of a job and deleting its dir takes a moment
        shipped.thenRunAsync(() -> {
            try {
                runner.discard(attempt, launch);
            } catch (RuntimeException e) {
                log.warn("the raw output of {} could not be deleted: {}", attempt, e.toString());
            }
        });
    }

    /**
     * Records that the runner has the attempt: running, or launched when it starts in its own time. Also for
     * recovery: a process found for an attempt whose start was never recorded.
     */
    Optional<Execution> recordStart(Attempt attempt, Launch launch) {
        return changeOwn(attempt.attemptId(), e -> launch.pending() ? e.launched(launch.pid(), launch.where())
                : e.started(launch.pid(), launch.where(), clock.instant())).map(Changed::aggregate);
    }

    /** This instance's id, which its executions carry as their owner. */
    public String self() {
        return self;
    }

    /**
     * Takes over an execution of the instance {@code from} (dead, or null for one claimed before instances had
     * ids): a compare-and-set on its owner, so of several instances trying at once exactly one gets it.
     *
     * @return the execution as now owned by this instance, or empty when another instance got it first
     */
    public Optional<Execution> takeOver(Execution execution, String from) {
        return executions.change(execution.id(), e -> e.takenOverBy(self, from))
                .filter(Changed::moved).map(Changed::aggregate);
    }

    /**
     * Stops the processes this instance follows whose execution another instance canceled (a CancelJob reaches
     * whichever instance reads its partition; only the owner can stop a process on its own host).
     */
    public void stopCanceledElsewhere() {
        for (Followed f : following.values()) {
            Optional<Execution> stored = executions.read(f.attempt().attemptId()).map(s -> s.aggregate());
            if (stored.isPresent() && stored.get().state() == ExecutionState.CANCELED) {
                log.info("{} was canceled by another instance; stopping it here", f.attempt());
                following.remove(f.attempt().attemptId());
                f.runner().stop(f.attempt(), f.launch());
            }
        }
    }

    /** A change this instance makes as the execution's owner: refused once another instance took it over. */
    private Optional<Changed<Execution, Report>> changeOwn(String id,
            Function<Execution, Change<Execution, Report>> change) {
        return executions.change(id, e -> e.ifOwnedBy(self, change));
    }
}
