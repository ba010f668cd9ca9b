package io.mflow.task.domain;

import io.mflow.platform.change.Change;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * One execution of one job. Only the hash of its update token is kept. {@code transitions} counts the changes it
 * announced (of its stage or of a gate), so each gets a derived event id; {@code appliedReportIds} remembers the last
 * reports applied, so a report delivered twice is applied once. {@code labels} come from its run. {@code audit} and
 * {@code confirm} are its gates, or null when it has none. A task runs in attempts: its own stage, message and times
 * are its current attempt's (with the {@code runner} that runs it and the {@code exitCode} it ended with),
 * {@code pastAttempts} keeps how each earlier one ended, and {@code retry} says when mflow starts the next one itself.
 * {@code manualStatus}: its job's final stage comes from an outside report (whoever holds the update token), not from
 * its process's exit; {@code awaitingReport}: that process ended, its outputs are kept, and the outside report has not
 * come yet. {@code detail} and {@code extension}: what the current attempt's reports carried beside their message.
 */
public record JobTask(String id, String name, String jobName, String pipelineTaskId, String pipelineId,
                      String stageName, Stage stage, String message, Map<String, String> outputs,
                      List<RunParam> params, boolean ignoreFailed, boolean skip, String tokenHash,
                      List<String> appliedReportIds, int transitions, Instant createdAt, Instant startedAt,
                      Instant finishedAt, long version, String triggeredBy, Map<String, String> labels,
                      Gate audit, Gate confirm, List<PastAttempt> pastAttempts, RetryPolicy retry,
                      String runner, Integer exitCode, boolean manualStatus, boolean awaitingReport, String detail,
                      Map<String, String> extension) {

    static final int REMEMBERED_REPORTS = 50;

    /** Who starts the attempts mflow starts by itself. */
    public static final String MFLOW = "mflow";

    public JobTask {
        outputs = outputs == null ? Map.of() : Map.copyOf(outputs);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        pastAttempts = pastAttempts == null ? List.of() : List.copyOf(pastAttempts);
        params = List.copyOf(params);
        appliedReportIds = appliedReportIds == null ? List.of() : List.copyOf(appliedReportIds);
        retry = retry == null ? RetryPolicy.DEFAULT : retry;
        extension = extension == null ? Map.of() : Map.copyOf(extension);
    }

    /** A task of a job whose process decides its final stage, with no detail or extension reported yet. */
    public JobTask(String id, String name, String jobName, String pipelineTaskId, String pipelineId,
                   String stageName, Stage stage, String message, Map<String, String> outputs,
                   List<RunParam> params, boolean ignoreFailed, boolean skip, String tokenHash,
                   List<String> appliedReportIds, int transitions, Instant createdAt, Instant startedAt,
                   Instant finishedAt, long version, String triggeredBy, Map<String, String> labels,
                   Gate audit, Gate confirm, List<PastAttempt> pastAttempts, RetryPolicy retry,
                   String runner, Integer exitCode) {
        this(id, name, jobName, pipelineTaskId, pipelineId, stageName, stage, message, outputs, params, ignoreFailed,
                skip, tokenHash, appliedReportIds, transitions, createdAt, startedAt, finishedAt, version, triggeredBy,
                labels, audit, confirm, pastAttempts, retry, runner, exitCode, false, false, null, Map.of());
    }

    /** A new job task of a run: PENDING, or SKIPPED (and so already finished) when its task is skipped. */
    public static JobTask create(String id, String name, String jobName, String pipelineTaskId, String pipelineId,
                                 String stageName, List<RunParam> params, boolean ignoreFailed, boolean skip,
                                 String tokenHash, Instant now, String triggeredBy, Map<String, String> labels,
                                 Gate audit, Gate confirm, RetryPolicy retry) {
        return create(id, name, jobName, pipelineTaskId, pipelineId, stageName, params, ignoreFailed, skip, tokenHash,
                now, triggeredBy, labels, audit, confirm, retry, false);
    }

    /** @param manualStatus its job's final stage comes from an outside report, not from its process's exit */
    public static JobTask create(String id, String name, String jobName, String pipelineTaskId, String pipelineId,
                                 String stageName, List<RunParam> params, boolean ignoreFailed, boolean skip,
                                 String tokenHash, Instant now, String triggeredBy, Map<String, String> labels,
                                 Gate audit, Gate confirm, RetryPolicy retry, boolean manualStatus) {
        return new JobTask(id, name, jobName, pipelineTaskId, pipelineId, stageName,
                skip ? Stage.SKIPPED : Stage.PENDING, skip ? "skipped" : null, Map.of(), params, ignoreFailed, skip,
                tokenHash, List.of(), 0, now, null, skip ? now : null, 0, triggeredBy, labels, audit, confirm,
                List.of(), retry, null, null, manualStatus, false, null, Map.of());
    }

    /** This task as a write stored it: the store counts versions, the domain only carries the one it read. */
    public JobTask atVersion(long storedVersion) {
        return new JobTask(id, name, jobName, pipelineTaskId, pipelineId, stageName, stage, message, outputs, params,
                ignoreFailed, skip, tokenHash, appliedReportIds, transitions, createdAt, startedAt, finishedAt,
                storedVersion, triggeredBy, labels, audit, confirm, pastAttempts, retry, runner, exitCode, manualStatus,
                awaitingReport, detail, extension);
    }

    public boolean acceptsToken(String plainToken) {
        return UpdateTokens.matches(plainToken, tokenHash);
    }

    public boolean hasApplied(String reportId) {
        return reportId != null && appliedReportIds.contains(reportId);
    }

    /** The number of its current attempt: 1, then one more for each retry. */
    public int attempt() {
        return pastAttempts.size() + 1;
    }

    public Change<JobTask, JobTaskEvent> moveTo(Stage target, StatusReport report) {
        if (stage == Stage.SKIPPED || (report.attempt() != 0 && report.attempt() != attempt())) {
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
        if (stage == Stage.CANCELING && isStart(target)) {
            // The job started before the cancel reached its runner: the cancel is on its way, this changes nothing.
            return Change.unchanged();
        }
        if (!JobTaskTransitions.allows(stage, target)) {
            return Change.refused("job task " + id + " cannot move from " + stage + " to " + target);
        }
        boolean ran = isStart(target) || target == Stage.SUCCEEDED;
        if (stage == Stage.PENDING && ran && audit != null && audit.stage() != GateStage.PASS) {
            return Change.refused("job task " + id + " waits for its audit (" + audit.stage()
                    + "): it cannot be " + target);
        }
        if (target == Stage.FAILED && stage != Stage.CANCELING) {
            Optional<Change<JobTask, JobTaskEvent>> retried = retriedByPolicy(report);
            if (retried.isPresent()) {
                return retried.get();
            }
        }
        // An empty message says nothing new: it keeps the last one (the reference wiped it). A task waiting to be
        // scheduled (for a back-off, an agent) has not started yet.
        String nextMessage = report.message() == null || report.message().isBlank() ? message : report.message();
        Map<String, String> nextOutputs = new LinkedHashMap<>(outputs);
        nextOutputs.putAll(report.outputs());
        List<String> reports = withApplied(report.reportId());
        // A result that lets the pipeline go on waits for its checkers first.
        boolean toConfirm = confirm != null && (target == Stage.SUCCEEDED || target == Stage.FAILED && ignoreFailed);
        Gate nextConfirm = toConfirm ? confirm.reached() : confirm;
        JobTask next = new JobTask(id, name, jobName, pipelineTaskId, pipelineId, stageName, target, nextMessage,
                nextOutputs, params, ignoreFailed, skip, tokenHash, reports, transitions, createdAt,
                startedAt != null || target == Stage.SCHEDULING ? startedAt : report.at(),
                target.isComplete() ? report.at() : null, version,
                triggeredBy, labels, audit, nextConfirm, pastAttempts, retry,
                report.runner() != null ? report.runner() : runner,
                report.exitCode() != null ? report.exitCode() : exitCode, manualStatus,
                target == Stage.ACTIVE && report.awaitingReport(), nextDetail(report), nextExtension(report));
        List<JobTaskEvent> events = new ArrayList<>();
        next = next.announcing(events, next.statusChanged(stage, report.at()));
        if (nextConfirm != confirm && nextConfirm.stage() != confirm.stage()) {
            next = next.announcing(events, next.gateChanged(nextConfirm, report.at()));
        }
        return new Change.Moved<>(next, events);
    }

    /**
     * A report of the stage the task is in. It is no news, except what it carries beside the stage: a manualStatus
     * job's process ended and left its outputs (the runner's {@code awaitingReport}), or a reporter (say, a deploy
     * controller while its rollout goes on) tells more in its detail or extension. Those are kept without an event:
     * readers hear of them with the next change of stage.
     */
    private Change<JobTask, JobTaskEvent> stayed(StatusReport report) {
        boolean awaits = report.awaitingReport() && stage == Stage.ACTIVE && !awaitingReport;
        if (stage.isComplete() || !awaits && report.detail() == null && report.extension().isEmpty()) {
            return Change.unchanged();
        }
        Map<String, String> nextOutputs = new LinkedHashMap<>(outputs);
        nextOutputs.putAll(report.outputs());
        String nextMessage = report.message() == null || report.message().isBlank() ? message : report.message();
        JobTask next = new JobTask(id, name, jobName, pipelineTaskId, pipelineId, stageName, stage, nextMessage,
                nextOutputs, params, ignoreFailed, skip, tokenHash, withApplied(report.reportId()), transitions,
                createdAt, startedAt, finishedAt, version, triggeredBy, labels, audit, confirm, pastAttempts, retry,
                report.runner() != null ? report.runner() : runner, exitCode, manualStatus, awaitingReport || awaits,
                nextDetail(report), nextExtension(report));
        return new Change.Moved<>(next, List.of());
    }

    /** A report without a detail leaves the one the task has (the reference wiped it). */
    private String nextDetail(StatusReport report) {
        return report.detail() != null ? report.detail() : detail;
    }

    /** A report's extension is laid over the task's: a later value wins, other keys stay. */
    private Map<String, String> nextExtension(StatusReport report) {
        if (report.extension().isEmpty()) {
            return extension;
        }
        Map<String, String> next = new LinkedHashMap<>(extension);
        next.putAll(report.extension());
        return next;
    }

    /** Its turn in the run came: an audit not decided yet now waits for its auditors, and says so. */
    public Change<JobTask, JobTaskEvent> turnCame(Instant now) {
        if (audit == null || stage != Stage.PENDING || audit.reached().stage() == audit.stage()) {
            return Change.unchanged();
        }
        List<JobTaskEvent> events = new ArrayList<>();
        JobTask next = withGates(audit.reached(), confirm);
        next = next.announcing(events, next.gateChanged(next.audit, now));
        return new Change.Moved<>(next, events);
    }

    /**
     * A person's decision at one of its gates. An audit is decided while the task has not started; a DENY there
     * ends the task FAILED with the comment, as any failure. A confirmation's DENY leaves the task as its job ended:
     * it is the run that fails.
     */
    public GateOutcome<Change.Moved<JobTask, JobTaskEvent>> decide(Gate.Kind kind, Actor actor, Verdict verdict,
                                                                        String comment, Instant now) {
        Gate gate = kind == Gate.Kind.AUDIT ? audit : confirm;
        String gateName = kind.name().toLowerCase();
        if (gate == null) {
            return new GateOutcome.Refused<>(GateOutcome.Refusal.INVALID, "job task " + id + " has no " + gateName);
        }
        if (kind == Gate.Kind.AUDIT && stage != Stage.PENDING) {
            return new GateOutcome.Refused<>(GateOutcome.Refusal.CONFLICT, "job task " + id + " is " + stage
                    + " already: too late for its audit");
        }
        GateOutcome<Gate> decided = gate.decide(actor, verdict, comment, triggeredBy, now);
        if (decided instanceof GateOutcome.Refused<Gate> refused) {
            return new GateOutcome.Refused<>(refused.refusal(), refused.reason());
        }
        Gate nextGate = ((GateOutcome.Decided<Gate>) decided).next();
        List<JobTaskEvent> events = new ArrayList<>();
        JobTask next = kind == Gate.Kind.AUDIT ? withGates(nextGate, confirm) : withGates(audit, nextGate);
        next = next.announcing(events, next.gateChanged(nextGate, now));
        if (kind == Gate.Kind.AUDIT && nextGate.stage() == GateStage.DENY) {
            GateDecision denial = nextGate.denial();
            JobTask failed = new JobTask(id, name, jobName, pipelineTaskId, pipelineId, stageName, Stage.FAILED,
                    "audit denied by " + denial.by() + ": " + denial.comment(), outputs, params, ignoreFailed, skip,
                    tokenHash, appliedReportIds, next.transitions, createdAt, startedAt, now, version, triggeredBy,
                    labels, next.audit, confirm, pastAttempts, retry, runner, exitCode, manualStatus,
                awaitingReport, detail, extension);
            next = failed.announcing(events, failed.statusChanged(Stage.PENDING, now));
        }
        return new GateOutcome.Decided<>(new Change.Moved<>(next, events));
    }

    /** A person asks to stop it: it is CANCELING until its runner says it stopped (or never started). */
    public Change<JobTask, JobTaskEvent> cancel(Actor actor, String reason, Instant now) {
        if (stage.isComplete()) {
            return Change.refused("job task " + id + " ended already: " + stage);
        }
        String message = "canceled by " + actor.name() + (reason == null || reason.isBlank() ? "" : ": " + reason);
        return moveTo(Stage.CANCELING, new StatusReport(null, Stage.CANCELING, message, Map.of(), now));
    }

    /**
     * A person skips a task that failed, or one that has not run: its run goes on as if it had succeeded (and a run
     * it failed resumes). An attempt already on its way is stopped by its run's driver.
     */
    public Change<JobTask, JobTaskEvent> skip(Actor actor, String reason, Instant now) {
        if (stage != Stage.FAILED && stage != Stage.PENDING) {
            return Change.refused("job task " + id + " is " + stage + ": only a FAILED or PENDING task"
                    + " may be skipped");
        }
        String nextMessage = "skipped by " + actor.name() + ": " + reason;
        JobTask skipped = new JobTask(id, name, jobName, pipelineTaskId, pipelineId, stageName, Stage.SKIPPED,
                nextMessage, outputs, params, ignoreFailed, skip, tokenHash, appliedReportIds, transitions, createdAt,
                startedAt, now, version, triggeredBy, labels, audit, confirm, pastAttempts, retry, runner, exitCode, manualStatus,
                awaitingReport, detail, extension);
        List<JobTaskEvent> events = new ArrayList<>();
        skipped = skipped.announcing(events, skipped.statusChanged(stage, now));
        return new Change.Moved<>(skipped, events);
    }

    /**
     * The attempt ended FAILED, and its retry policy may start the next one instead of failing the task: an
     * execution its runner lost (whether it did its work is unknown), or a job that ran and failed. A job that could
     * not start at all (its params invalid, no such runner) never reached ACTIVE: it would fail the same way again.
     * Announced as for a person's retry, by {@value #MFLOW}, with the back-off in the {@code Retried}.
     */
    private Optional<Change<JobTask, JobTaskEvent>> retriedByPolicy(StatusReport report) {
        RetryPolicy.Cause cause = report.lost() ? RetryPolicy.Cause.LOST : RetryPolicy.Cause.FAILED;
        if (cause == RetryPolicy.Cause.FAILED && stage != Stage.ACTIVE) {
            return Optional.empty();
        }
        int retryNumber = retriesByMflowInARow() + 1;
        Optional<Duration> backoff = retry.backoffBefore(retryNumber, cause);
        if (backoff.isEmpty()) {
            return Optional.empty();
        }
        String what = cause == RetryPolicy.Cause.LOST ? "execution lost" : firstLine(report.message());
        String reason = what + "; retry " + retryNumber + " of " + retry.limit()
                + (backoff.get().isZero() ? "" : " after " + backoff.get());
        // The attempt ended FAILED, but readers never saw that stored: the change they hear of is from the stage
        // the task was in.
        PastAttempt ended = new PastAttempt(attempt(), Stage.FAILED, report.message(), startedAt, report.at(), MFLOW,
                reason, report.runner() != null ? report.runner() : runner, report.exitCode());
        return Optional.of(nextAttempt(ended, withApplied(report.reportId()), new Actor(MFLOW), params, reason,
                report.at(), reason, report.at().plus(backoff.get())));
    }

    /** The attempts mflow retried by itself since a person last did: what the retry policy's limit counts. */
    private int retriesByMflowInARow() {
        int count = 0;
        for (int i = pastAttempts.size() - 1; i >= 0 && MFLOW.equals(pastAttempts.get(i).retriedBy()); i--) {
            count++;
        }
        return count;
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
    public Change<JobTask, JobTaskEvent> retry(Actor actor, List<RunParam> nextParams, String reason,
                                                   Instant now) {
        if (stage != Stage.FAILED && stage != Stage.CANCELED) {
            return Change.refused("job task " + id + " is " + stage + ": only a FAILED or CANCELED task"
                    + " may be retried");
        }
        PastAttempt ended = new PastAttempt(attempt(), stage, message, startedAt, finishedAt, actor.name(), reason,
                runner, exitCode);
        return nextAttempt(ended, appliedReportIds, actor, nextParams, reason, now, retriedBy(actor, reason), null);
    }

    /**
     * The task PENDING in its next attempt, the one that {@code ended} kept in its history, announced as a
     * {@code Retried} with the params and then the move from the stage readers last saw, with {@code announced}
     * as its message. The next attempt starts no earlier than {@code notBefore} (null: at once).
     */
    private Change<JobTask, JobTaskEvent> nextAttempt(PastAttempt ended, List<String> reports, Actor actor,
                                                          List<RunParam> nextParams, String reason, Instant now,
                                                          String announced, Instant notBefore) {
        List<PastAttempt> past = new ArrayList<>(pastAttempts);
        past.add(ended);
        Gate nextConfirm = confirm == null ? null : Gate.of(Gate.Kind.CONFIRM, confirm.people(), confirm.approvals(),
                confirm.allowSelfApproval());
        JobTask retried = new JobTask(id, name, jobName, pipelineTaskId, pipelineId, stageName, Stage.PENDING,
                retriedBy(actor, reason), outputs, nextParams, ignoreFailed, skip, tokenHash, reports, transitions,
                createdAt, null, null, version, triggeredBy, labels, audit, nextConfirm, past, retry, null, null,
                manualStatus, false, null, Map.of());
        List<JobTaskEvent> events = new ArrayList<>();
        int newAttempt = retried.attempt();
        retried = retried.announcing(events, number -> new JobTaskEvent.Retried(id + ":" + number, id, name,
                pipelineTaskId, stageName, newAttempt, nextParams, actor.name(), reason, now, notBefore));
        retried = retried.announcing(events, number -> new JobTaskEvent.StatusChanged(id + ":" + number, id, name,
                pipelineTaskId, stageName, stage, Stage.PENDING, announced, outputs, now, triggeredBy, newAttempt,
                null, null, Map.of()));
        return new Change.Moved<>(retried, events);
    }

    private static String retriedBy(Actor actor, String reason) {
        return "retry by " + actor.name() + (reason == null || reason.isBlank() ? "" : ": " + reason);
    }

    /** The ids of the reports applied, this one added, the oldest forgotten beyond {@link #REMEMBERED_REPORTS}. */
    private List<String> withApplied(String reportId) {
        List<String> reports = new ArrayList<>(appliedReportIds);
        if (reportId != null) {
            reports.add(reportId);
        }
        while (reports.size() > REMEMBERED_REPORTS) {
            reports.remove(0);
        }
        return reports;
    }

    /** A move that says the job started (or is about to): one a cancel on its way or a waiting audit stands against. */
    private static boolean isStart(Stage target) {
        return target == Stage.SCHEDULING || target == Stage.CREATING || target == Stage.ACTIVE;
    }

    private JobTask withGates(Gate nextAudit, Gate nextConfirm) {
        return new JobTask(id, name, jobName, pipelineTaskId, pipelineId, stageName, stage, message, outputs, params,
                ignoreFailed, skip, tokenHash, appliedReportIds, transitions, createdAt, startedAt, finishedAt, version,
                triggeredBy, labels, nextAudit, nextConfirm, pastAttempts, retry, runner, exitCode, manualStatus,
                awaitingReport, detail, extension);
    }

    /** This task with one more change announced: the event joins {@code events} under the next derived id. */
    private JobTask announcing(List<JobTaskEvent> events, IntFunction<JobTaskEvent> event) {
        int number = transitions + 1;
        events.add(event.apply(number));
        return new JobTask(id, name, jobName, pipelineTaskId, pipelineId, stageName, stage, message, outputs, params,
                ignoreFailed, skip, tokenHash, appliedReportIds, number, createdAt, startedAt, finishedAt, version,
                triggeredBy, labels, audit, confirm, pastAttempts, retry, runner, exitCode, manualStatus,
                awaitingReport, detail, extension);
    }

    private IntFunction<JobTaskEvent> statusChanged(Stage previous, Instant at) {
        return number -> new JobTaskEvent.StatusChanged(id + ":" + number, id, name, pipelineTaskId, stageName,
                previous, stage, message, outputs, at, triggeredBy, attempt(), startedAt, detail, extension);
    }

    private IntFunction<JobTaskEvent> gateChanged(Gate gate, Instant at) {
        return number -> new JobTaskEvent.GateChanged(id + ":" + number, id, name, pipelineTaskId, stageName,
                gate.kind(), gate.stage(), gate.decisions(), at, triggeredBy, gate.people());
    }

    /** What a reader may see of the params. */
    public List<RunParam> maskedParams() {
        return params.stream().map(RunParam::masked).toList();
    }
}
