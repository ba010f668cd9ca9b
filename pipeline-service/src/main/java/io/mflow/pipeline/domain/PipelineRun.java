package io.mflow.pipeline.domain;

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
 * failed resumes when a person skips the task that failed it; {@code resumes} counts how often.
 */
public record PipelineRun(String pipelineTaskId, String pipelineName, boolean dryRun, Map<String, String> labels,
                          List<StagePlan> stages, Map<String, TaskProgress> progress, Map<String, String> outputs,
                          Set<String> appliedEventIds, boolean cancelRequested, Conclusion conclusion,
                          boolean standalone, int resumes) {

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
                progress, Map.of(), Set.of(plan.eventId()), false, null, plan.standalone(), 0);
    }

    /** A run is its pipeline task's; a job task outside any pipeline is a run of its own, under its own id. */
    public static String runIdOf(String pipelineTaskId, String jobTaskId) {
        return pipelineTaskId != null ? pipelineTaskId : jobTaskId;
    }

    public Application apply(RunFact fact) {
        if (appliedEventIds.contains(fact.eventId())) {
            return new Application.Ignored("event " + fact.eventId() + " was already applied");
        }
        if (fact instanceof RunFact.JobTaskChanged changed) {
            return noteJobTaskChanged(changed);
        }
        if (fact instanceof RunFact.GateChanged gate) {
            return noteGateChanged(gate);
        }
        if (fact instanceof RunFact.JobTaskRetried retried) {
            return noteRetried(retried);
        }
        if (fact instanceof RunFact.CancelRequested cancel) {
            return new Application.Applied(new PipelineRun(pipelineTaskId, pipelineName, dryRun, labels, stages, progress,
                    outputs, withApplied(cancel.eventId()), true, conclusion, standalone, resumes));
        }
        return new Application.Ignored("the plan of run " + pipelineTaskId + " is already known");
    }

    private Application noteJobTaskChanged(RunFact.JobTaskChanged changed) {
        TaskProgress task = progress.get(changed.jobTaskId());
        if (task == null) {
            return new Application.Ignored("job task " + changed.jobTaskId() + " is not part of run " + pipelineTaskId);
        }
        if (changed.attempt() != 0 && changed.attempt() < task.attempt()) {
            return new Application.Ignored("job task " + changed.jobTaskId() + " is in attempt " + task.attempt()
                    + "; this is news of attempt " + changed.attempt());
        }
        if (task.status().isTerminal() && !changed.status().isTerminal()) {
            // An in-between change is ignored without a trace (below), so a redelivered copy of one can come after
            // the end: a task that ended does not start again.
            return new Application.Ignored("job task " + changed.jobTaskId() + " already ended " + task.status()
                    + "; " + changed.status() + " is a late copy of an earlier change");
        }
        if (task.dispatched() && !task.status().isTerminal() && !changed.status().isTerminal()
                && changed.status() != TaskStatus.CANCELING && changed.outputs().isEmpty()) {
            // Nothing decides on the way a started task goes until it ends: not writing it spares every hand-off
            // a write, and a redelivered copy is as harmless as the first.
            return new Application.Ignored("job task " + changed.jobTaskId() + " is still on its way: " + changed.status());
        }
        Map<String, TaskProgress> nextProgress = new LinkedHashMap<>(progress);
        TaskProgress moved = task.movedTo(changed.status(), changed.message());
        // A task skipped after it ended has no attempt on its way to stop.
        nextProgress.put(task.jobTaskId(), changed.status() == TaskStatus.SKIPPED && task.status().isTerminal()
                ? moved.markedCancelSent() : moved);
        Map<String, String> nextOutputs = new LinkedHashMap<>(outputs);
        nextOutputs.putAll(changed.outputs());
        PipelineRun next = new PipelineRun(pipelineTaskId, pipelineName, dryRun, labels, stages, nextProgress,
                nextOutputs, withApplied(changed.eventId()), cancelRequested, conclusion, standalone, resumes);
        if (changed.status() == TaskStatus.SKIPPED) {
            return next.resumedIfItNoLongerFails("resumed: job task " + changed.jobTaskId() + " was "
                    + (changed.message() == null ? "skipped" : changed.message()));
        }
        return new Application.Applied(next);
    }

    private Application noteRetried(RunFact.JobTaskRetried retried) {
        TaskProgress task = progress.get(retried.jobTaskId());
        if (task == null) {
            return new Application.Ignored("job task " + retried.jobTaskId() + " is not part of run " + pipelineTaskId);
        }
        if (retried.attempt() <= task.attempt()) {
            return new Application.Ignored("attempt " + retried.attempt() + " of job task " + retried.jobTaskId()
                    + " is known already");
        }
        String byWhom = retried.by() + (retried.reason() == null || retried.reason().isBlank() ? ""
                : ": " + retried.reason());
        String why = "retry by " + byWhom;
        Map<String, TaskProgress> nextProgress = new LinkedHashMap<>(progress);
        nextProgress.put(task.jobTaskId(), task.reopened(retried.attempt(), retried.params(), why, retried.notBefore()));
        PipelineRun next = new PipelineRun(pipelineTaskId, pipelineName, dryRun, labels, stages, nextProgress, outputs,
                withApplied(retried.eventId()), cancelRequested, conclusion, standalone, resumes);
        return next.resumedIfItNoLongerFails("resumed: job task " + retried.jobTaskId() + " was retried by " + byWhom);
    }

    /**
     * A run that failed goes on again when, decided anew without its conclusion, it would not fail: a person skipped
     * or retried what failed it, and nothing else did. A job run on its own also goes on after it was canceled.
     */
    private Application resumedIfItNoLongerFails(String why) {
        boolean resumable = conclusion != null && (conclusion.status() == TaskStatus.FAILED
                || standalone && conclusion.status() == TaskStatus.CANCELED);
        if (!resumable) {
            return new Application.Applied(this);
        }
        PipelineRun resumed = new PipelineRun(pipelineTaskId, pipelineName, dryRun, labels, stages, progress, outputs,
                appliedEventIds, cancelRequested, null, standalone, resumes + 1);
        Decision again = NextRun.decide(resumed);
        boolean failsStill = again instanceof Decision.Conclude c && c.status() == TaskStatus.FAILED;
        return failsStill || again instanceof Decision.CancelTasks ? new Application.Applied(this)
                : new Application.Applied(resumed, why);
    }

    private Application noteGateChanged(RunFact.GateChanged gate) {
        TaskProgress task = progress.get(gate.jobTaskId());
        if (task == null) {
            return new Application.Ignored("job task " + gate.jobTaskId() + " is not part of run " + pipelineTaskId);
        }
        GateStatus known = gate.gate() == GateKind.AUDIT ? task.audit() : task.confirm();
        if (known == GateStatus.PASS || known == GateStatus.DENY) {
            return new Application.Ignored("the " + gate.gate() + " of job task " + gate.jobTaskId()
                    + " was decided already: " + known);
        }
        Map<String, TaskProgress> nextProgress = new LinkedHashMap<>(progress);
        nextProgress.put(task.jobTaskId(), task.gateMoved(gate.gate(), gate.status(), gate.why()));
        return new Application.Applied(new PipelineRun(pipelineTaskId, pipelineName, dryRun, labels, stages,
                nextProgress, outputs, withApplied(gate.eventId()), cancelRequested, conclusion, standalone, resumes));
    }

    /** The run after the decision was carried out: tasks marked dispatched or cancel-sent, the conclusion kept. */
    public PipelineRun record(Decision decision) {
        if (decision instanceof Decision.Start start) {
            return withProgress(start.awaitingAudit().stream().map(TaskPlan::jobTaskId).toList(),
                    TaskProgress::markedTurnAnnounced, conclusion)
                    .withProgress(start.tasks().stream().map(t -> t.task().jobTaskId()).toList(),
                            TaskProgress::markedDispatched, conclusion);
        }
        if (decision instanceof Decision.CancelTasks cancel) {
            Conclusion next = cancel.conclusion().map(c -> new Conclusion(c.status(), c.message())).orElse(conclusion);
            return withProgress(cancel.tasks().stream().map(TaskPlan::jobTaskId).toList(), TaskProgress::markedCancelSent, next);
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

    public Optional<StagePlan> stageOf(TaskPlan task) {
        return stages.stream().filter(stage -> stage.tasks().contains(task)).findFirst();
    }

    private PipelineRun withProgress(List<String> jobTaskIds, UnaryOperator<TaskProgress> mark, Conclusion nextConclusion) {
        Map<String, TaskProgress> next = new LinkedHashMap<>(progress);
        jobTaskIds.forEach(id -> next.computeIfPresent(id, (k, task) -> mark.apply(task)));
        return new PipelineRun(pipelineTaskId, pipelineName, dryRun, labels, stages, next, outputs, appliedEventIds,
                cancelRequested, nextConclusion, standalone, resumes);
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
