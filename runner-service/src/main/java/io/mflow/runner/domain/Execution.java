package io.mflow.runner.domain;

import io.mflow.localrunner.domain.Outcome;
import io.mflow.localrunner.domain.ReportStage;
import io.mflow.platform.change.Change;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One attempt in this runner, from its claim to its end. Its id is the attempt id, so a redelivered command finds
 * the attempt already claimed. The version that guards its writes is the store's, kept beside it ({@code Stored}).
 * {@code owner}: the runner-service instance that acts on it (claimed it, or took it over from a dead one); null for
 * one claimed before instances had ids, or a tombstone.
 */
public record Execution(Attempt attempt, ExecutionState state, Long pid, String workDir, String owner) {

    public Execution(Attempt attempt, ExecutionState state, Long pid, String workDir) {
        this(attempt, state, pid, workDir, null);
    }

    /** What a manualStatus attempt says when its process has exited 0. */
    public static final String AWAITING_MESSAGE = "the job's process ended; waiting for an outside report of its final stage";

    public String id() {
        return attempt.attemptId();
    }

    /**
     * Claims an attempt before anything runs; the claim is announced as CREATING, or as SCHEDULING while the attempt
     * waits for its back-off to pass or for an agent to take it.
     */
    public static Change.Moved<Execution, Report> claim(Attempt attempt, Instant now) {
        return claim(attempt, now, null);
    }

    /** The same, by the instance {@code owner}, which alone acts on it from now on (until it is taken over). */
    public static Change.Moved<Execution, Report> claim(Attempt attempt, Instant now, String owner) {
        Execution claimed = new Execution(attempt, ExecutionState.CLAIMED, null, null, owner);
        Report claim = attempt.waitsAt(now)
                ? report(attempt, ReportStage.SCHEDULING, "waits until " + attempt.notBefore() + " to start", now)
                : attempt.waitsForAgent() && !attempt.dryRun()
                ? report(attempt, ReportStage.SCHEDULING, waitingForAgent(attempt), now)
                : report(attempt, ReportStage.CREATING, null, now);
        return new Change.Moved<>(claimed, List.of(claim));
    }

    private static String waitingForAgent(Attempt attempt) {
        return attempt.agentTags().isEmpty() ? "waiting for an agent"
                : "waiting for an agent with tags " + String.join(",", attempt.agentTags());
    }

    /** A cancel that comes before its attempt leaves a tombstone, so the attempt never runs when it does arrive. */
    public static Change.Moved<Execution, Report> canceledBeforeSeen(Attempt attempt, String reason, Instant now) {
        Execution tombstone = new Execution(attempt, ExecutionState.CANCELED, null, null);
        return new Change.Moved<>(tombstone, List.of(report(attempt, ReportStage.CANCELED, reason, now)));
    }

    /** {@code where} is the runner's own locator of the process, e.g. its work dir. */
    public Change<Execution, Report> started(long processId, String where, Instant now) {
        return started(processId, where, null, now);
    }

    /** The same, with what the runner says of it as it starts (e.g. "Pod build-x Status: Running"). */
    public Change<Execution, Report> started(long processId, String where, String message, Instant now) {
        if (state == ExecutionState.RUNNING && pid != null && pid == processId) {
            return Change.unchanged();
        }
        if (state != ExecutionState.CLAIMED && state != ExecutionState.LAUNCHED) {
            return Change.refused("attempt " + id() + " is " + state + ", it cannot start");
        }
        return new Change.Moved<>(new Execution(attempt, ExecutionState.RUNNING, processId, where, owner),
                List.of(report(attempt, ReportStage.ACTIVE, message, now)));
    }

    /**
     * A runner took it and starts it in its own time (a Kubernetes Job was created): nothing is reported, it stays
     * CREATING until it runs.
     */
    public Change<Execution, Report> launched(long processId, String where) {
        if (state == ExecutionState.LAUNCHED || state == ExecutionState.RUNNING) {
            return Change.unchanged();
        }
        if (state != ExecutionState.CLAIMED) {
            return Change.refused("attempt " + id() + " is " + state + ", it cannot be launched");
        }
        return new Change.Moved<>(new Execution(attempt, ExecutionState.LAUNCHED, processId, where, owner),
                List.of());
    }

    /**
     * The process ended. Ending straight from CLAIMED (the runner died before recording the start) or LAUNCHED (a
     * Kubernetes Job that failed before its pod ran) still says ACTIVE first. A manualStatus job that succeeded is
     * not finished by it: it reports ACTIVE again with the process's outputs and waits (AWAITING) for an outside
     * report; a failure ends it as any other. A dry run ran no process and ends as any other.
     */
    public Change<Execution, Report> finished(Outcome outcome, Instant now) {
        if (state.isSettled() || state == ExecutionState.AWAITING) {
            return Change.unchanged();
        }
        List<Report> reports = new ArrayList<>();
        if (state == ExecutionState.CLAIMED || state == ExecutionState.LAUNCHED) {
            reports.add(report(attempt, ReportStage.ACTIVE, null, now));
        }
        if (attempt.manualStatus() && !attempt.dryRun() && outcome.stage() == ReportStage.SUCCEEDED) {
            reports.add(Report.awaiting(id(), AWAITING_MESSAGE, outcome, now));
            return new Change.Moved<>(next(ExecutionState.AWAITING, pid), reports);
        }
        reports.add(Report.of(id(), outcome, now));
        return new Change.Moved<>(next(ExecutionState.FINISHED, pid), reports);
    }

    /**
     * Its timeout (counted from its start) passed: it ends FAILED, its process is to be stopped if it still runs.
     * One that waits for an outside report says so.
     */
    public Change<Execution, Report> timedOut(Instant now) {
        if (state == ExecutionState.AWAITING) {
            return new Change.Moved<>(next(ExecutionState.FINISHED, pid), List.of(report(attempt,
                    ReportStage.FAILED, "timed out waiting for an outside report after " + attempt.timeout(), now)));
        }
        return finished(Outcome.failed("timed out after " + attempt.timeout()), now);
    }

    /**
     * An outside report (whoever holds the update token) gave the task its final stage: this attempt has nothing
     * more to say, so its timeout or its process's end is not reported later. Its process, if it still runs, runs
     * on: it is no longer the one who decides.
     */
    public Change<Execution, Report> endedOutside() {
        if (state.isSettled()) {
            return Change.unchanged();
        }
        return new Change.Moved<>(next(ExecutionState.FINISHED, pid), List.of());
    }

    /** The attempt fails without ever running (unknown runner type, a process that could not be started). */
    public Change<Execution, Report> refused(String reason, Instant now) {
        if (state != ExecutionState.CLAIMED) {
            return Change.unchanged();
        }
        return new Change.Moved<>(next(ExecutionState.FINISHED, pid),
                List.of(report(attempt, ReportStage.FAILED, reason, now)));
    }

    public Change<Execution, Report> canceled(String reason, Instant now) {
        if (state.isSettled()) {
            return Change.unchanged();
        }
        return new Change.Moved<>(next(ExecutionState.CANCELED, pid),
                List.of(report(attempt, ReportStage.CANCELED, reason, now)));
    }

    private Execution next(ExecutionState nextState, Long nextPid) {
        return new Execution(attempt, nextState, nextPid, workDir, owner);
    }

    public boolean isOwnedBy(String instance) {
        return instance != null && instance.equals(owner);
    }

    /**
     * Instance {@code taker} takes it over from {@code from} (dead, or null: claimed before instances had ids). The
     * store's version guard makes this a compare-and-set on the owner: of two takers only the first moves it, the
     * second finds another owner and is refused, and so is a former owner's later write (see {@link #ifOwnedBy}).
     */
    public Change<Execution, Report> takenOverBy(String taker, String from) {
        if (state.isSettled()) {
            return Change.unchanged();
        }
        if (!Objects.equals(owner, from)) {
            return Change.refused("attempt " + id() + " is " + owner + "'s, not " + from + "'s");
        }
        return new Change.Moved<>(new Execution(attempt, state, pid, workDir, taker), List.of());
    }

    /**
     * What {@code instance} may do with it: {@code change} while it owns it, nothing once another took it over. An
     * execution without an owner (claimed before instances had ids) is anyone's, as it was.
     */
    public Change<Execution, Report> ifOwnedBy(String instance,
                                               Function<Execution, Change<Execution, Report>> change) {
        if (owner != null && !owner.equals(instance)) {
            return Change.refused("attempt " + id() + " was taken over by " + owner + "; " + instance
                    + " no longer acts on it");
        }
        return change.apply(this);
    }

    private static Report report(Attempt attempt, ReportStage stage, String message, Instant now) {
        return Report.of(attempt.attemptId(), stage, message, null, now);
    }
}
