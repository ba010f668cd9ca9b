package io.mflow.task.adapter.web;

import io.mflow.task.domain.Gate;
import io.mflow.task.domain.GateDecision;
import io.mflow.task.domain.GateStatus;
import io.mflow.task.domain.JobTask;
import io.mflow.task.domain.PipelineTask;
import io.mflow.task.domain.Status;
import io.mflow.task.domain.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A run as its page draws it, the same for every viewer: its stages in order as columns, each job task a box with
 * its state, attempt, times and gates. What a viewer may do there is not on the board ({@link RunActions}), so one
 * rendering of a change serves everyone watching.
 */
public record RunBoard(PipelineTask run, List<Column> columns) {

    public record Column(String name, boolean parallel, List<Box> boxes) {
    }

    public record Box(JobTask task, List<GateView> gates) {
    }

    /** A gate as a line: its kind, its state, and who it waits for or who decided. */
    public record GateView(String kind, GateStatus stage, String who) {

        static GateView of(Gate gate) {
            String kind = gate.kind() == Gate.Kind.AUDIT ? "audit" : "confirm";
            return new GateView(kind, gate.stage(), whoOf(gate));
        }

        private static String whoOf(Gate gate) {
            if (gate.note() != null && !gate.note().isBlank()) {
                return gate.note();
            }
            List<String> passed = gate.decisions().stream().filter(d -> d.verdict() == Verdict.PASS)
                    .map(GateDecision::by).toList();
            GateDecision denial = gate.denial();
            if (gate.stage() == GateStatus.DENY && denial != null) {
                return "denied by " + denial.by() + (denial.comment() == null ? "" : ": " + denial.comment());
            }
            if (gate.stage() == GateStatus.PASS) {
                return "passed by " + String.join(", ", passed);
            }
            List<String> undecided = gate.people().stream()
                    .filter(p -> gate.decisions().stream().noneMatch(d -> d.by().equals(p))).distinct().toList();
            int more = Math.max(1, gate.approvals() - passed.size());
            String waiting = (gate.stage() == GateStatus.WAITING ? "waiting for " : "will wait for ") + more + " of "
                    + String.join(", ", undecided);
            return passed.isEmpty() ? waiting : waiting + " (passed by " + String.join(", ", passed) + ")";
        }
    }

    /** The run's layout filled with its job tasks; a task the layout names but the store lacks is left out. */
    static RunBoard of(PipelineTask run, List<JobTask> tasks) {
        Map<String, JobTask> byId = tasks.stream().collect(Collectors.toMap(JobTask::id, Function.identity(),
                (a, b) -> a));
        List<Column> columns = new ArrayList<>();
        for (PipelineTask.StageLayout stage : run.stages()) {
            List<Box> boxes = stage.jobTaskIds().stream().map(byId::get).filter(t -> t != null)
                    .map(t -> new Box(t, gatesOf(t))).toList();
            columns.add(new Column(stage.name(), stage.parallel(), boxes));
        }
        return new RunBoard(run, columns);
    }

    private static List<GateView> gatesOf(JobTask task) {
        List<GateView> gates = new ArrayList<>();
        if (task.gates().audit() != null) {
            gates.add(GateView.of(task.gates().audit()));
        }
        if (task.gates().confirm() != null) {
            gates.add(GateView.of(task.gates().confirm()));
        }
        return gates;
    }

    /**
     * The run ended and nothing of it is on its way, so its page stops following it. A run that ended resumes when a
     * person retries or skips the task that failed it: until it does, the retried task is on its way again (its
     * next attempt), or the skipped one was skipped after the run ended, and the page keeps following.
     */
    public boolean ended() {
        return run.stage().isComplete() && columns.stream().flatMap(c -> c.boxes().stream())
                .noneMatch(box -> resumesTheRun(box.task()));
    }

    private boolean resumesTheRun(JobTask task) {
        if (task.inFlight() && task.attempt() > 1) {
            return true;
        }
        Instant skipped = task.stage() == Status.SKIPPED ? task.current().finishedAt() : null;
        return skipped != null && run.finishedAt() != null && skipped.isAfter(run.finishedAt());
    }
}
