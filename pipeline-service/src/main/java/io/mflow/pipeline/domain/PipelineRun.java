package io.mflow.pipeline.domain;

import io.mflow.platform.change.Change;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * This service's view of one pipeline run: the plan, what it knows of each job task, the outputs jobs reported,
 * the events it already applied, and its conclusion once there is one ({@code null} before). A {@code standalone}
 * run is a job run on its own: its one task's id is the run's, and no pipeline task hears of its end. A run that
 * failed resumes when a person skips the task that failed it; {@code resumes} counts how often. A {@code held} run
 * waits in its pipeline's lane: none of its tasks starts until task-service lets it go.
 */
public record PipelineRun(String pipelineTaskId, String pipelineName, boolean dryRun, Map<String, String> labels,
                          List<StagePlan> stages, Map<String, TaskProgress> progress, Map<String, String> outputs,
                          Set<String> appliedEventIds, boolean cancelRequested, Conclusion conclusion,
                          boolean standalone, int resumes, boolean held) {

    /** A run not held in a lane. */
    public PipelineRun(String pipelineTaskId, String pipelineName, boolean dryRun, Map<String, String> labels,
                       List<StagePlan> stages, Map<String, TaskProgress> progress, Map<String, String> outputs,
                       Set<String> appliedEventIds, boolean cancelRequested, Conclusion conclusion,
                       boolean standalone, int resumes) {
        this(pipelineTaskId, pipelineName, dryRun, labels, stages, progress, outputs, appliedEventIds,
                cancelRequested, conclusion, standalone, resumes, false);
    }

    public PipelineRun {
        labels = Map.copyOf(labels);
        stages = List.copyOf(stages);
        progress = unmodifiableCopy(progress);
        outputs = Map.copyOf(outputs);
        appliedEventIds = Set.copyOf(appliedEventIds);
    }

    public static PipelineRun planned(RunFact.Planned plan) {
        Map<String, TaskProgress> progress = new LinkedHashMap<>();
        plan.stages().forEach(stage -> stage.tasks().forEach(task -> progress.put(task.jobTaskId(), TaskProgress.planned(task))));
        return new PipelineRun(plan.pipelineTaskId(), plan.pipelineName(), plan.dryRun(), plan.labels(), plan.stages(),
                progress, Map.of(), Set.of(plan.eventId()), false, null, plan.standalone(), 0, plan.queued());
    }

    /** A run is its pipeline task's; a job task outside any pipeline is a run of its own, under its own id. */
    public static String runIdOf(String pipelineTaskId, String jobTaskId) {
        return pipelineTaskId != null ? pipelineTaskId : jobTaskId;
    }

    /**
     * The run a fact creates: only a plan does; any other fact about a run not known is refused, with why.
     */
    public static Change<PipelineRun, Outgoing> create(RunFact fact) {
        return fact instanceof RunFact.Planned plan ? Change.moved(planned(plan))
                : Change.refused("run " + fact.pipelineTaskId() + " has no known plan");
    }

    /**
     * The run with a fact taken in: moved, with a {@link Outgoing.RunResumed} when the fact made a failed run go on
     * again; or refused, with why, when the fact changes nothing (a duplicate, a late copy, a task not of this run).
     * What the run does next is {@link NextRun}'s decision, carried out by {@link #carryOut}.
     *
     * @param causedAt when the fact happened, or null (see {@link Outgoing})
     */
    public Change<PipelineRun, Outgoing> apply(RunFact fact, Instant now, Instant causedAt) {
        if (appliedEventIds.contains(fact.eventId())) {
            return Change.refused("event " + fact.eventId() + " was already applied");
        }
        if (fact instanceof RunFact.JobTaskChanged changed) {
            return noteJobTaskChanged(changed, now, causedAt);
        }
        if (fact instanceof RunFact.GateChanged gate) {
            return noteGateChanged(gate);
        }
        if (fact instanceof RunFact.JobTaskRetried retried) {
            return noteRetried(retried, now, causedAt);
        }
        if (fact instanceof RunFact.LetGo letGo) {
            if (!held) {
                return Change.refused("run " + pipelineTaskId + " is not held in a lane");
            }
            return Change.moved(new PipelineRun(pipelineTaskId, pipelineName, dryRun, labels, stages, progress,
                    outputs, withApplied(letGo.eventId()), cancelRequested, conclusion, standalone, resumes, false));
        }
        if (fact instanceof RunFact.CancelRequested cancel) {
            return Change.moved(new PipelineRun(pipelineTaskId, pipelineName, dryRun, labels, stages, progress,
                    outputs, withApplied(cancel.eventId()), true, conclusion, standalone, resumes, false));
        }
        return Change.refused("the plan of run " + pipelineTaskId + " is already known");
    }

    /**
     * The run after {@code decision} (taken on this run) was carried out, with what it announces after
     * {@code announcedFirst} (what taking the fact in announced).
     */
    public Change<PipelineRun, Outgoing> carryOut(Decision decision, List<Outgoing> announcedFirst, Instant now,
                                                  Instant causedAt) {
        List<Outgoing> announced = new ArrayList<>(announcedFirst);
        announced.addAll(decision.announcements(this, now, causedAt));
        return Change.moved(record(decision), announced);
    }

    private Change<PipelineRun, Outgoing> noteJobTaskChanged(RunFact.JobTaskChanged changed, Instant now,
                                                             Instant causedAt) {
        TaskProgress task = progress.get(changed.jobTaskId());
        if (task == null) {
            return Change.refused("job task " + changed.jobTaskId() + " is not part of run " + pipelineTaskId);
        }
        if (changed.attempt() != 0 && changed.attempt() < task.attempt()) {
            return Change.refused("job task " + changed.jobTaskId() + " is in attempt " + task.attempt()
                    + "; this is news of attempt " + changed.attempt());
        }
        if (task.status().isTerminal() && !changed.status().isTerminal()) {
            // An in-between change is ignored without a trace (below), so a redelivered copy of one can come after
            // the end: a task that ended does not start again.
            return Change.refused("job task " + changed.jobTaskId() + " already ended " + task.status()
                    + "; " + changed.status() + " is a late copy of an earlier change");
        }
        if (task.dispatched() && !task.status().isTerminal() && !changed.status().isTerminal()
                && changed.status() != TaskStatus.CANCELING && changed.outputs().isEmpty()) {
            // Nothing decides on the way a started task goes until it ends: not writing it spares every hand-off
            // a write, and a redelivered copy is as harmless as the first.
            return Change.refused("job task " + changed.jobTaskId() + " is still on its way: " + changed.status());
        }
        Map<String, TaskProgress> nextProgress = new LinkedHashMap<>(progress);
        TaskProgress moved = task.movedTo(changed.status(), changed.message());
        // A task skipped after it ended has no attempt on its way to stop.
        nextProgress.put(task.jobTaskId(), changed.status() == TaskStatus.SKIPPED && task.status().isTerminal()
                ? moved.markedCancelSent() : moved);
        Map<String, String> nextOutputs = new LinkedHashMap<>(outputs);
        nextOutputs.putAll(changed.outputs());
        PipelineRun next = new PipelineRun(pipelineTaskId, pipelineName, dryRun, labels, stages, nextProgress,
                nextOutputs, withApplied(changed.eventId()), cancelRequested, conclusion, standalone, resumes, held);
        if (changed.status() == TaskStatus.SKIPPED) {
            return next.resumedIfItNoLongerFails("resumed: job task " + changed.jobTaskId() + " was "
                    + (changed.message() == null ? "skipped" : changed.message()), now, causedAt);
        }
        return Change.moved(next);
    }

    private Change<PipelineRun, Outgoing> noteRetried(RunFact.JobTaskRetried retried, Instant now, Instant causedAt) {
        TaskProgress task = progress.get(retried.jobTaskId());
        if (task == null) {
            return Change.refused("job task " + retried.jobTaskId() + " is not part of run " + pipelineTaskId);
        }
        if (retried.attempt() <= task.attempt()) {
            return Change.refused("attempt " + retried.attempt() + " of job task " + retried.jobTaskId()
                    + " is known already");
        }
        String byWhom = retried.by() + (retried.reason() == null || retried.reason().isBlank() ? ""
                : ": " + retried.reason());
        String why = "retry by " + byWhom;
        Map<String, TaskProgress> nextProgress = new LinkedHashMap<>(progress);
        nextProgress.put(task.jobTaskId(), task.reopened(retried.attempt(), retried.params(), why, retried.notBefore(),
                retried.sealedUpdateToken()));
        PipelineRun next = new PipelineRun(pipelineTaskId, pipelineName, dryRun, labels, stages, nextProgress, outputs,
                withApplied(retried.eventId()), cancelRequested, conclusion, standalone, resumes, held);
        return next.resumedIfItNoLongerFails("resumed: job task " + retried.jobTaskId() + " was retried by " + byWhom,
                now, causedAt);
    }

    /**
     * A run that failed goes on again when, decided anew without its conclusion, it would not fail: a person skipped
     * or retried what failed it, and nothing else did. A job run on its own also goes on after it was canceled. Its
     * pipeline task is told first that it goes on, and why.
     */
    private Change<PipelineRun, Outgoing> resumedIfItNoLongerFails(String why, Instant now, Instant causedAt) {
        boolean resumable = conclusion != null && (conclusion.status() == TaskStatus.FAILED
                || standalone && conclusion.status() == TaskStatus.CANCELED);
        if (!resumable) {
            return Change.moved(this);
        }
        PipelineRun resumed = new PipelineRun(pipelineTaskId, pipelineName, dryRun, labels, stages, progress, outputs,
                appliedEventIds, cancelRequested, null, standalone, resumes + 1, held);
        Decision again = NextRun.decide(resumed);
        boolean failsStill = again instanceof Decision.Conclude c && c.status() == TaskStatus.FAILED;
        if (failsStill || again instanceof Decision.CancelTasks) {
            return Change.moved(this);
        }
        return Change.moved(resumed, standalone ? List.of()
                : List.of(new Outgoing.RunResumed(pipelineTaskId, why, now, resumed.resumes(), causedAt)));
    }

    private Change<PipelineRun, Outgoing> noteGateChanged(RunFact.GateChanged gate) {
        TaskProgress task = progress.get(gate.jobTaskId());
        if (task == null) {
            return Change.refused("job task " + gate.jobTaskId() + " is not part of run " + pipelineTaskId);
        }
        GateStatus known = gate.gate() == GateKind.AUDIT ? task.audit() : task.confirm();
        // task-service asks an audit again for a retry with other params, or of a task its audit denied: it says so
        // before the retry, while the task is still as its last attempt ended.
        boolean askedAgain = gate.gate() == GateKind.AUDIT && gate.status() == GateStatus.WAITING
                && task.status().isTerminal();
        if ((known == GateStatus.PASS || known == GateStatus.DENY) && !askedAgain) {
            return Change.refused("the " + gate.gate() + " of job task " + gate.jobTaskId()
                    + " was decided already: " + known);
        }
        Map<String, TaskProgress> nextProgress = new LinkedHashMap<>(progress);
        nextProgress.put(task.jobTaskId(), task.gateMoved(gate.gate(), gate.status(), gate.why()));
        return Change.moved(new PipelineRun(pipelineTaskId, pipelineName, dryRun, labels, stages,
                nextProgress, outputs, withApplied(gate.eventId()), cancelRequested, conclusion, standalone, resumes, held));
    }

    /**
     * The run after the decision was carried out: tasks marked dispatched (a rejected one too: its rejection went
     * out in its place) or cancel-sent, the conclusion kept or set.
     */
    public PipelineRun record(Decision decision) {
        if (decision instanceof Decision.Start start) {
            List<String> dispatched = new ArrayList<>(start.tasks().stream().map(t -> t.task().jobTaskId()).toList());
            start.rejected().forEach(t -> dispatched.add(t.task().jobTaskId()));
            return withProgress(start.awaitingAudit().stream().map(TaskPlan::jobTaskId).toList(),
                    TaskProgress::markedTurnAnnounced, conclusion)
                    .withProgress(dispatched, TaskProgress::markedDispatched, conclusion);
        }
        if (decision instanceof Decision.CancelTasks cancel) {
            return withProgress(cancel.tasks().stream().map(TaskPlan::jobTaskId).toList(), TaskProgress::markedCancelSent,
                    conclusion);
        }
        if (decision instanceof Decision.Conclude conclude) {
            return withProgress(List.of(), UnaryOperator.identity(), new Conclusion(conclude.status(), conclude.message()));
        }
        return this;
    }

    public boolean isConcluded() {
        return conclusion != null;
    }

    public TaskProgress progressOf(TaskPlan task) {
        return progress.get(task.jobTaskId());
    }

    /**
     * A task is done when the run may go past it: it succeeded, was skipped, or failed with ignoreFailed; and, when
     * its result is to be confirmed, a checker confirmed it (a dry run does not wait for people).
     */
    public boolean isDone(TaskPlan task) {
        TaskProgress progress = progressOf(task);
        TaskStatus status = progress.status();
        boolean ended = status == TaskStatus.SUCCEEDED || status == TaskStatus.SKIPPED
                || (status == TaskStatus.FAILED && task.ignoreFailed());
        return ended && (status == TaskStatus.SKIPPED || !task.confirmed() || dryRun
                || progress.confirm() == GateStatus.PASS);
    }

    /** Its audit lets it run: it has none, people approved it, or the run is dry. */
    public boolean isCleared(TaskPlan task) {
        return !task.audited() || dryRun || progressOf(task).audit() == GateStatus.PASS;
    }

    public List<TaskPlan> tasks() {
        List<TaskPlan> all = new ArrayList<>();
        stages.forEach(stage -> all.addAll(stage.tasks()));
        return all;
    }

    /**
     * The tasks that run before {@code task} in this run: those of earlier stages, and in a stage that runs one after
     * another, those before it. Their outputs may fill its params.
     */
    public List<TaskPlan> tasksBefore(TaskPlan task) {
        List<TaskPlan> before = new ArrayList<>();
        for (StagePlan stage : stages) {
            if (stage.tasks().contains(task)) {
                if (!stage.parallel()) {
                    before.addAll(stage.tasks().subList(0, stage.tasks().indexOf(task)));
                }
                return before;
            }
            before.addAll(stage.tasks());
        }
        return before;
    }

    /** The params a task's current attempt runs with: its attempt's (a retry's, else the plan's), outputs laid over. */
    public RunParamSet paramsOf(TaskPlan task) {
        RunParamSet retried = progressOf(task).params();
        return (retried != null ? retried : task.params()).overlay(outputs);
    }

    /** The sealed update token of a task's current attempt: its retry's (each attempt has its own), else the plan's. */
    public String updateTokenOf(TaskPlan task) {
        String retried = progressOf(task).updateToken();
        return retried != null ? retried : task.updateToken();
    }

    /** The pipeline task to name in what the run announces; null for a job run on its own, which has none. */
    public String pipelineTaskIdToTell() {
        return standalone ? null : pipelineTaskId;
    }

    public Optional<StagePlan> stageOf(TaskPlan task) {
        return stages.stream().filter(stage -> stage.tasks().contains(task)).findFirst();
    }

    private PipelineRun withProgress(List<String> jobTaskIds, UnaryOperator<TaskProgress> mark, Conclusion nextConclusion) {
        Map<String, TaskProgress> next = new LinkedHashMap<>(progress);
        jobTaskIds.forEach(id -> next.computeIfPresent(id, (k, task) -> mark.apply(task)));
        return new PipelineRun(pipelineTaskId, pipelineName, dryRun, labels, stages, next, outputs, appliedEventIds,
                cancelRequested, nextConclusion, standalone, resumes, held);
    }

    private Set<String> withApplied(String eventId) {
        Set<String> applied = new LinkedHashSet<>(appliedEventIds);
        applied.add(eventId);
        return applied;
    }

    private static Map<String, TaskProgress> unmodifiableCopy(Map<String, TaskProgress> progress) {
        // keeps the plan's order, which Map.copyOf would not
        return Collections.unmodifiableMap(new LinkedHashMap<>(progress));
    }
}
