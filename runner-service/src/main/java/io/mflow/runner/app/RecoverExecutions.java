package io.mflow.runner.app;

import io.mflow.localrunner.domain.Outcome;
import io.mflow.runner.domain.Attempt;
import io.mflow.runner.domain.Execution;
import io.mflow.runner.domain.ExecutionState;
import io.mflow.runner.domain.replica.Takeover;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks up, on start-up, every execution this instance (a previous run of it on this host) left unsettled: finishes
 * what ended, re-attaches to what still runs, starts what was claimed but never started, and fails what is gone
 * without an exit code. Another instance's executions are not touched: their owner lives, or a survivor takes them
 * over once its lease expired ({@link TakeOverExecutions}). Executions claimed before instances had ids are taken
 * over first, one by one, by whichever instance starts first.
 *
 * <p>Remaining window: a process found alive is trusted by its pid (and its work dir's pid file); if the machine
 * rebooted and the pid was reused by an unrelated process, we wait for that process instead and then report
 * "execution lost". A reboot also kills the detached job itself, which is then reported as lost too.
 */
public class RecoverExecutions {

    private static final Logger log = LoggerFactory.getLogger(RecoverExecutions.class);

    private final Executions executions;
    private final RunAttempt runAttempt;
    private final Runners runners;
    private final Duration lostGrace;

    public RecoverExecutions(Executions executions, RunAttempt runAttempt, Runners runners, Duration lostGrace) {
        this.executions = executions;
        this.runAttempt = runAttempt;
        this.runners = runners;
        this.lostGrace = lostGrace;
    }

    public void recover() {
        for (Execution execution : executions.unsettledOf(runAttempt.self())) {
            recoverLogged(execution);
        }
        if (runAttempt.self() != null) {
            for (Execution unowned : executions.unsettledOf(null)) {
                runAttempt.takeOver(unowned, null).ifPresent(this::recoverLogged);
            }
        }
    }

    /**
     * An execution this instance just took over from a dead one: a LOCAL job ran (or may have started) on the dead
     * one's host, where nothing here can probe it, so it is reported lost (once: only the taker gets here) and never
     * started again; anything else is recovered as if this instance had started it.
     *
     * @param ownerAliveUntil when the dead owner's lease ended, if known
     */
    public void takenOver(Execution execution, Optional<Instant> ownerAliveUntil) {
        if (Takeover.onceDead(execution, ownerAliveUntil) == Takeover.Action.REPORT_LOST) {
            log.warn("{}: its instance died while it ran, or may have been starting it, on that host; it is lost",
                    execution.attempt());
            finish(execution.attempt(), Outcome.lost());
        } else {
            recoverLogged(execution);
        }
    }

    private void recoverLogged(Execution execution) {
        try {
            recover(execution);
        } catch (RuntimeException e) {
            log.warn("recovery of {} failed: {}", execution.attempt(), e.toString());
        }
    }

    private void recover(Execution execution) {
        Attempt attempt = execution.attempt();
        Optional<Runner> runner = runners.forType(attempt.runnerType());
        if (runner.isEmpty() || attempt.dryRun()) {
            if (execution.state() == ExecutionState.CLAIMED) {
                runAttempt.startClaimedWhenDue(attempt);
            } else {
                finish(attempt, Outcome.lost());
            }
            return;
        }
        if (execution.state() == ExecutionState.AWAITING) {
            log.info("{} waits for an outside report of its final stage; its timeout starts again", attempt);
            runAttempt.awaitAgain(runner.get(), attempt, launchOf(execution));
            return;
        }
        Probe probe = runner.get().probe(attempt);
        if (probe instanceof Probe.NotStarted && execution.state() == ExecutionState.CLAIMED) {
            log.info("{} was claimed but never started; starting it", attempt);
            runAttempt.startClaimedWhenDue(attempt);
        } else if (probe instanceof Probe.Gone || probe instanceof Probe.NotStarted) {
            // The wrapper may be between claiming its dir and writing its pid: look again after a grace period.
            CompletableFuture.runAsync(() -> settleAfterGrace(runner.get(), attempt, launchOf(execution)),
                    CompletableFuture.delayedExecutor(lostGrace.toMillis(), TimeUnit.MILLISECONDS));
        } else {
            settle(runner.get(), attempt, probe, launchOf(execution));
        }
    }

    /** Where its process was, as far as the store knows: what its output is read from. */
    private static Launch launchOf(Execution execution) {
        return execution.workDir() == null ? null
                : new Launch(execution.pid() == null ? 0 : execution.pid(), execution.workDir());
    }

    private void settleAfterGrace(Runner runner, Attempt attempt, Launch launch) {
        try {
            Probe probe = runner.probe(attempt);
            if (probe instanceof Probe.Gone || probe instanceof Probe.NotStarted) {
                log.warn("{}: its process is gone without an exit code", attempt);
                runAttempt.finishRecovered(runner, attempt, launch, Outcome.lost());
            } else {
                settle(runner, attempt, probe, launch);
            }
        } catch (RuntimeException e) {
            log.warn("recovery of {} failed: {}", attempt, e.toString());
        }
    }

    private void settle(Runner runner, Attempt attempt, Probe probe, Launch launch) {
        if (probe instanceof Probe.Finished finished) {
            log.info("{} ended while the runner was down; reporting it", attempt);
            runAttempt.finishRecovered(runner, attempt, launch, finished.outcome());
        } else if (probe instanceof Probe.Running running) {
            log.info("{} still runs ({}); re-attaching", attempt, running.launch().where());
            Optional<Execution> after = runAttempt.recordStart(attempt, running.launch());
            if (after.isPresent() && !after.get().state().isSettled()) {
                runAttempt.watch(runner, attempt, running.launch());
            }
        }
    }

    private void finish(Attempt attempt, Outcome outcome) {
        runAttempt.finish(attempt, outcome);
    }
}
