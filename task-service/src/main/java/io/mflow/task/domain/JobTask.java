package io.mflow.task.domain;

import io.mflow.platform.change.Change;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * One execution of one job, in four parts: its {@link JobTaskPlan} (what it runs, set when it is created), its
 * {@link Attempt current attempt} (its stage, message and times: a task runs in attempts), its {@link Gates} and its
 * {@link JobTaskHistory} (earlier attempts, reports applied, changes announced). Every change is a method that
 * returns a {@link Change}; which stage may follow which, and by what, is {@link JobTaskTransitions}' table.
 */
public record JobTask(String id, JobTaskPlan plan, Attempt current, Gates gates, JobTaskHistory history) {

    /** Who starts the attempts mflow starts by itself. */
    public static final String MFLOW = "mflow";

    /** The code of a refusal because of who asks, not of where the task stands. */
    public static final String FORBIDDEN = "forbidden";

    public JobTask {
        gates = gates == null ? Gates.NONE : gates;
        history = history == null ? JobTaskHistory.NONE : history;
    }

    /**
     * Where a new job task stands: the task {@code taskName} of a pipeline's stage, or a job run on its own (no run,
     * no stage, no confirmation, and neither skipped nor failing without consequence).
     *
     * @param taskRetry the task's own retry policy, or null for its job's
     */
    public record Placement(String taskName, String pipelineTaskId, String pipelineId, String stageName,
                            boolean ignoreFailed, boolean skip, RetryPolicy taskRetry, Gate audit, Gate confirm) {

        /** The task's audit is its job's and its own together ({@link Audits}): a task adds to a job's, never less. */
        public static Placement inRun(Pipeline.TaskDefinition task, Job job, String pipelineTaskId, String pipelineId,
                                      String stageName, boolean dryRun) {
            return new Placement(task.name(), pipelineTaskId, pipelineId, stageName, task.ignoreFailed(), task.skip(),
                    task.retry(), Audits.ofRun(job.audit(), task.audit(), dryRun),
                    task.confirm() == null ? null : task.confirm().gateOfRun(dryRun));
        }

        /** @param audit who approves it before it runs besides the job's own auditors, or null */
        public static Placement onItsOwn(Job job, Pipeline.GateDefinition audit, boolean dryRun) {
            return new Placement(job.name(), null, null, null, false, false, null,
                    Audits.ofRun(job.audit(), audit, dryRun), null);
        }
    }

    /**
     * A new job task of {@code job}, for a run of a pipeline and a job run on its own alike: PENDING, or SKIPPED (and
     * so already finished) when its task is skipped. Its retry policy is its task's, else its job's.
     */
    public static JobTask ofJob(String id, Job job, Placement placement, List<RunParam> params, String tokenHash,
                                Map<String, String> labels, String triggeredBy, Instant now) {
        JobTaskPlan plan = new JobTaskPlan(placement.taskName(), job.name(), placement.pipelineTaskId(),
                placement.pipelineId(), placement.stageName(), params, placement.ignoreFailed(), placement.skip(),
                job.manualStatus(), job.retryOf(placement.taskRetry()), labels, triggeredBy, tokenHash, now,
                job.version(), job.deprecated() ? List.of(deprecationOf(job)) : List.of());
        return new JobTask(id, plan, Attempt.first(placement.skip(), now),
                new Gates(placement.audit(), placement.confirm()), JobTaskHistory.NONE);
    }

    /** The same new job task under the labels of its run, which are known once all of the run's tasks are merged. */
    public JobTask withLabels(Map<String, String> labels) {
        return new JobTask(id, plan.withLabels(labels), current, gates, history);
    }

    /** The warning a run of a deprecated job version carries. */
    public static String deprecationOf(Job job) {
        return "job " + job.reference() + " is deprecated: move to a newer version";
    }

    public Status stage() {
        return current.stage();
    }

    public String name() {
        return plan.name();
    }

    public String pipelineTaskId() {
        return plan.pipelineTaskId();
    }

    /** The number of its current attempt: 1, then one more for each retry. */
    public int attempt() {
        return history.attempt();
    }

    /** Still on its way: reports and decisions are to come. */
    public boolean inFlight() {
        return !stage().isComplete();
    }

    public boolean acceptsToken(String plainToken) {
        return plan.acceptsToken(plainToken);
    }

    public boolean hasApplied(String reportId) {
        return history.hasApplied(reportId);
    }

    public JobTask withCurrent(Attempt next) {
        return new JobTask(id, plan, next, gates, history);
    }

    public JobTask withGates(Gates next) {
        return new JobTask(id, plan, current, next, history);
    }

    public JobTask withHistory(JobTaskHistory next) {
        return new JobTask(id, plan, current, gates, next);
    }

    /** A report's move that issues no token: a retry its policy starts has none (see {@link AttemptTokens#NONE}). */
    public Change<JobTask, JobTaskEvent> moveTo(Status target, StatusReport report) {
        return moveTo(target, report, AttemptTokens.NONE);
    }

    /** @param tokens issue the next attempt's update token, when the report's FAILED starts one by the policy */
    public Change<JobTask, JobTaskEvent> moveTo(Status target, StatusReport report, AttemptTokens tokens) {
        Status stage = stage();
        if (stage == Status.SKIPPED || (report.attempt() != 0 && report.attempt() != attempt())) {
            // News of an attempt a person skipped, or of an earlier attempt, is no news.
            return Change.unchanged();
        }
        if (stage.isComplete() && report.runner() != null) {
            // A runner's late news of an attempt that an outside report (a manualStatus job's controller) or a
            // person already settled: the normal race of two reporters, not a wrong report.
            return Change.unchanged();
        }
        if (target == stage) {
            return stayed(report);
        }
        if (stage == Status.CANCELING && isStart(target)) {
            // The job started before the cancel reached its runner: the cancel is on its way, this changes nothing.
            return Change.unchanged();
        }
        if (!JobTaskTransitions.allows(stage, target, JobTaskTransitions.Move.REPORT)) {
            return Change.refused("job task " + id + " cannot move from " + stage + " to " + target);
        }
        Gate audit = gates.audit();
        boolean ran = isStart(target) || target == Status.SUCCEEDED;
        if (stage == Status.PENDING && ran && audit != null && audit.stage() != GateStatus.PASS) {
            return Change.refused("job task " + id + " waits for its audit (" + audit.stage() + "): it cannot be "
                    + target);
        }
        if (stage == Status.PENDING && ran && audit != null && !audit.approved(paramsDigest())) {
            // Params change only with a retry, which asks the audit again; this holds should anything else ever do.
            return Change.refused("job task " + id + "'s audit approved other params than it has: it cannot be "
                    + target);
        }
        if (target == Status.FAILED && stage != Status.CANCELING) {
            Optional<Change<JobTask, JobTaskEvent>> retried = retriedByPolicy(report, tokens);
            if (retried.isPresent()) {
                return retried.get();
            }
        }
        // A result that lets the pipeline go on waits for its checkers first.
        Gate confirm = gates.confirm();
        boolean toConfirm = confirm != null
                && (target == Status.SUCCEEDED || target == Status.FAILED && plan.ignoreFailed());
        Gate nextConfirm = toConfirm ? confirm.reached() : confirm;
        JobTask next = new JobTask(id, plan, current.reported(target, report),
                gates.with(Gate.Kind.CONFIRM, nextConfirm), history.withApplied(report.reportId()));
        List<JobTaskEvent> events = new ArrayList<>();
        next = next.announcing(events, next.statusChanged(stage, report.at()));
        if (nextConfirm != confirm && nextConfirm.stage() != confirm.stage()) {
            next = next.announcing(events, next.gateChanged(nextConfirm, report.at()));
        }
        return Change.moved(next, events);
    }

    /**
     * A report of the stage the task is in. It is no news, except what it carries beside the stage: a manualStatus
     * job's process ended and left its outputs (the runner's {@code awaitingReport}), or a reporter (say, a deploy
     * controller while its rollout goes on) tells more in its detail or extension. Those are kept without an event:
     * readers hear of them with the next change of stage.
     */
    private Change<JobTask, JobTaskEvent> stayed(StatusReport report) {
        boolean awaits = report.awaitingReport() && stage() == Status.ACTIVE && !current.awaitingReport();
        if (stage().isComplete() || !awaits && report.detail() == null && report.extension().isEmpty()) {
            return Change.unchanged();
        }
        return Change.moved(new JobTask(id, plan, current.stayed(report, awaits), gates,
                history.withApplied(report.reportId())));
    }

    /**
     * Its run's driver sent attempt {@code attempt} to its runner with {@code params}: its params as they run, earlier
     * jobs' outputs filled in (sensitive values sealed as sent). Kept once per attempt, the first copy winning: a
     * redelivered command is no news, nor one decided again after a crash (the same values, sealed anew). A command
     * of an attempt other than the current one is no news either: a retry since then has its own. Announced to no
     * one: the runner has the command itself, and readers see it on the task.
     */
    public Change<JobTask, JobTaskEvent> sentToRunner(int attempt, List<RunParam> params) {
        if (attempt != attempt() || current.ranWith() != null) {
            return Change.unchanged();
        }
        return Change.moved(withCurrent(current.sentWith(params)));
    }

    /** Its turn in the run came: an audit not decided yet now waits for its auditors, and says so. */
    public Change<JobTask, JobTaskEvent> turnCame(Instant now) {
        Gate audit = gates.audit();
        if (audit == null || stage() != Status.PENDING || audit.reached().stage() == audit.stage()) {
            return Change.unchanged();
        }
        List<JobTaskEvent> events = new ArrayList<>();
        JobTask next = withGates(gates.with(Gate.Kind.AUDIT, audit.reached()));
        next = next.announcing(events, next.gateChanged(next.gates.audit(), now));
        return Change.moved(next, events);
    }

    /**
     * A person's decision at one of its gates. An audit is decided while the task has not started; a DENY there
     * ends the task FAILED with the comment, as any failure. A confirmation's DENY leaves the task as its job ended:
     * it is the run that fails.
     */
    public GateOutcome<Change.Moved<JobTask, JobTaskEvent>> decide(Gate.Kind kind, Actor actor, Verdict verdict,
                                                                    String comment, Instant now) {
        Gate gate = gates.of(kind);
        String gateName = kind.name().toLowerCase();
        if (gate == null) {
            return new GateOutcome.Refused<>(GateOutcome.Refusal.INVALID, "job task " + id + " has no " + gateName);
        }
        if (kind == Gate.Kind.AUDIT && stage() != Status.PENDING) {
            return new GateOutcome.Refused<>(GateOutcome.Refusal.CONFLICT, "job task " + id + " is " + stage()
                    + " already: too late for its audit");
        }
        GateOutcome<Gate> decided = gate.decide(actor, verdict, comment, plan.triggeredBy(), paramsDigest(), now);
        if (decided instanceof GateOutcome.Refused<Gate> refused) {
            return new GateOutcome.Refused<>(refused.refusal(), refused.reason());
        }
        Gate nextGate = ((GateOutcome.Decided<Gate>) decided).next();
        List<JobTaskEvent> events = new ArrayList<>();
        JobTask next = withGates(gates.with(kind, nextGate));
        next = next.announcing(events, next.gateChanged(nextGate, now));
        if (kind == Gate.Kind.AUDIT && nextGate.stage() == GateStatus.DENY) {
            GateDecision denial = nextGate.denial();
            JobTask failed = next.withCurrent(current.finished(Status.FAILED,
                    "audit denied by " + denial.by() + ": " + denial.comment(), now));
            next = failed.announcing(events, failed.statusChanged(Status.PENDING, now));
        }
        return new GateOutcome.Decided<>(new Change.Moved<>(next, events));
    }

    /** A person asks to stop it: it is CANCELING until its runner says it stopped (or never started). */
    public Change<JobTask, JobTaskEvent> cancel(Actor actor, String reason, Instant now) {
        if (stage().isComplete()) {
            return Change.refused("job task " + id + " ended already: " + stage());
        }
        String message = "canceled by " + actor.name() + (reason == null || reason.isBlank() ? "" : ": " + reason);
        return moveTo(Status.CANCELING, new StatusReport(null, Status.CANCELING, message, Map.of(), now));
    }

    /**
     * A person skips a task that failed, or one that has not run: its run goes on as if it had succeeded (and a run
     * it failed resumes). An attempt already on its way is stopped by its run's driver.
     */
    public Change<JobTask, JobTaskEvent> skip(Actor actor, String reason, Instant now) {
        if (!JobTaskTransitions.allows(stage(), Status.SKIPPED, JobTaskTransitions.Move.SKIP)) {
            return Change.refused("job task " + id + " is " + stage() + ": only a FAILED or PENDING task"
                    + " may be skipped");
        }
        Gate audit = gates.audit();
        // A skip lets the run go on as if the task had succeeded: around an audit not passed, that would walk past it.
        if (audit != null && audit.stage() != GateStatus.PASS && !audit.people().contains(actor.name())) {
            return Change.refused(FORBIDDEN, "job task " + id + "'s audit is " + audit.stage() + ": only one of its "
                    + "auditors (" + String.join(", ", audit.people()) + ") may skip it");
        }
        JobTask skipped = withCurrent(current.finished(Status.SKIPPED, "skipped by " + actor.name() + ": " + reason,
                now));
        List<JobTaskEvent> events = new ArrayList<>();
        skipped = skipped.announcing(events, skipped.statusChanged(stage(), now));
        return Change.moved(skipped, events);
    }

    /**
     * The attempt ended FAILED, and its retry policy may start the next one instead of failing the task: an
     * execution its runner lost (whether it did its work is unknown), or a job that ran and failed. A job that could
     * not start at all (its params invalid, no such runner) never reached ACTIVE: it would fail the same way again.
     * Announced as for a person's retry, by {@value #MFLOW}, with the back-off in the {@code Retried}.
     */
    private Optional<Change<JobTask, JobTaskEvent>> retriedByPolicy(StatusReport report, AttemptTokens tokens) {
        RetryPolicy.Cause cause = report.lost() ? RetryPolicy.Cause.LOST : RetryPolicy.Cause.FAILED;
        if (cause == RetryPolicy.Cause.FAILED && stage() != Status.ACTIVE) {
            return Optional.empty();
        }
        int retryNumber = history.retriesByMflowInARow() + 1;
        Optional<Duration> backoff = plan.retry().backoffBefore(retryNumber, cause);
        if (backoff.isEmpty()) {
            return Optional.empty();
        }
        String what = cause == RetryPolicy.Cause.LOST ? "execution lost" : firstLine(report.message());
        String reason = what + "; retry " + retryNumber + " of " + plan.retry().limit()
                + (backoff.get().isZero() ? "" : " after " + backoff.get());
        // The attempt ended FAILED, but readers never saw that stored: the change they hear of is from the stage
        // the task was in.
        PastAttempt ended = new PastAttempt(attempt(), Status.FAILED, report.message(), current.startedAt(),
                report.at(), MFLOW, reason, report.runner() != null ? report.runner() : current.runner(),
                report.exitCode(), current.ranWith());
        return Optional.of(nextAttempt(ended, history.withApplied(report.reportId()), new Actor(MFLOW),
                plan.params(), reason, report.at(), reason, report.at().plus(backoff.get()), tokens));
    }

    private static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "failed";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    /**
     * A person starts a new attempt of a task that FAILED or was CANCELED, with {@code nextParams} (the task's, with
     * those given laid over them). It is PENDING again; a result to confirm is confirmed anew. Announced as a
     * {@code Retried} with the params, then the stage change, so the run's driver has the params when it reopens it.
     */
    public Change<JobTask, JobTaskEvent> retry(Actor actor, List<RunParam> nextParams, String reason, Instant now) {
        return retry(actor, nextParams, reason, now, AttemptTokens.NONE);
    }

    /** @param tokens issue the new attempt's own update token */
    public Change<JobTask, JobTaskEvent> retry(Actor actor, List<RunParam> nextParams, String reason, Instant now,
                                               AttemptTokens tokens) {
        if (!JobTaskTransitions.allows(stage(), Status.PENDING, JobTaskTransitions.Move.RETRY)) {
            return Change.refused("job task " + id + " is " + stage() + ": only a FAILED or CANCELED task"
                    + " may be retried");
        }
        PastAttempt ended = current.ended(attempt(), actor.name(), reason);
        Gate audit = gates.audit();
        if (audit == null || audit.approved(ParamsDigest.of(nextParams))) {
            return nextAttempt(ended, history, actor, nextParams, reason, now, retriedBy(actor, reason), null, tokens);
        }
        // An approval covers the params it saw: other params (or a task whose audit was denied) wait for the auditors
        // again. Announced before the retry, so the run's driver holds the new attempt instead of dispatching it.
        Gate asked = audit.askedAgain();
        List<JobTaskEvent> events = new ArrayList<>();
        JobTask waiting = withGates(gates.with(Gate.Kind.AUDIT, asked));
        waiting = waiting.announcing(events, waiting.gateChanged(asked, now));
        Change.Moved<JobTask, JobTaskEvent> retried = (Change.Moved<JobTask, JobTaskEvent>) waiting.nextAttempt(ended,
                waiting.history, actor, nextParams, reason, now, retriedBy(actor, reason), null, tokens);
        events.addAll(retried.events());
        return Change.moved(retried.next(), events);
    }

    /** The digest of the params it runs with, as its auditors approve them ({@link ParamsDigest}). */
    public String paramsDigest() {
        return ParamsDigest.of(plan.params());
    }

    /**
     * The task PENDING in its next attempt, the one that {@code ended} kept in its history ({@code before}),
     * announced as a {@code Retried} with the params and then the move from the stage readers last saw, with
     * {@code announced} as its message. The next attempt starts no earlier than {@code notBefore} (null: at once).
     */
    private Change<JobTask, JobTaskEvent> nextAttempt(PastAttempt ended, JobTaskHistory before, Actor actor,
                                                      List<RunParam> nextParams, String reason, Instant now,
                                                      String announced, Instant notBefore, AttemptTokens tokens) {
        // The new attempt gets its own token; the ended one's hash is dropped, so its token reports on nothing more.
        AttemptToken token = tokens.issue(id, attempt() + 1);
        List<RunParam> params = nextParams.stream()
                .map(p -> p.name().equals(RunParamSet.JOB_TASK_UPDATE_TOKEN) && token.sealedParam() != null
                        ? p.withValue(token.sealedParam()) : p)
                .toList();
        JobTask retried = new JobTask(id, plan.forNextAttempt(params, token.hash()),
                current.next(retriedBy(actor, reason)), gates.confirmedAnew(), before.withPast(ended));
        List<JobTaskEvent> events = new ArrayList<>();
        int newAttempt = retried.attempt();
        retried = retried.announcing(events, number -> new JobTaskEvent.Retried(id + ":" + number, id, plan.name(),
                plan.pipelineTaskId(), plan.stageName(), newAttempt, params, actor.name(), reason, now,
                notBefore, token.sealed()));
        retried = retried.announcing(events, number -> new JobTaskEvent.StatusChanged(id + ":" + number, id,
                plan.name(), plan.pipelineTaskId(), plan.stageName(), stage(), Status.PENDING, announced,
                current.outputs(), now, plan.triggeredBy(), newAttempt, null, null, Map.of()));
        return Change.moved(retried, events);
    }

    private static String retriedBy(Actor actor, String reason) {
        return "retry by " + actor.name() + (reason == null || reason.isBlank() ? "" : ": " + reason);
    }

    /** A move that says the job started (or is about to): one a cancel on its way or a waiting audit stands against. */
    private static boolean isStart(Status target) {
        return target == Status.SCHEDULING || target == Status.CREATING || target == Status.ACTIVE;
    }

    /** This task with one more change announced: the event joins {@code events} under the next derived id. */
    private JobTask announcing(List<JobTaskEvent> events, IntFunction<JobTaskEvent> event) {
        JobTaskHistory next = history.announced();
        events.add(event.apply(next.transitions()));
        return withHistory(next);
    }

    private IntFunction<JobTaskEvent> statusChanged(Status previous, Instant at) {
        return number -> new JobTaskEvent.StatusChanged(id + ":" + number, id, plan.name(), plan.pipelineTaskId(),
                plan.stageName(), previous, current.stage(), current.message(), current.outputs(), at,
                plan.triggeredBy(), attempt(), current.startedAt(), current.detail(), current.extension());
    }

    private IntFunction<JobTaskEvent> gateChanged(Gate gate, Instant at) {
        return number -> new JobTaskEvent.GateChanged(id + ":" + number, id, plan.name(), plan.pipelineTaskId(),
                plan.stageName(), gate.kind(), gate.stage(), gate.decisions(), at, plan.triggeredBy(), gate.people());
    }
}
