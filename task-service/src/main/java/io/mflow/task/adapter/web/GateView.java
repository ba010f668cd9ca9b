package io.mflow.task.adapter.web;

import io.mflow.task.domain.Gate;
import io.mflow.task.domain.GateStatus;
import io.mflow.task.domain.JobTask;
import java.util.ArrayList;
import java.util.List;

/**
 * A gate of a job task as a page shows it, with whether the viewer may decide there now: one of its people, who has
 * not decided yet, while it waits (an audit may be decided before its task's turn: a pre-approval).
 *
 * @param action the path's last part that decides it: {@code audit} or {@code confirm}
 */
public record GateView(Gate gate, String title, String action, boolean mine) {

    static List<GateView> of(JobTask task, Viewer me) {
        List<GateView> views = new ArrayList<>();
        if (task.gates().audit() != null) {
            views.add(of(task, task.gates().audit(), me));
        }
        if (task.gates().confirm() != null) {
            views.add(of(task, task.gates().confirm(), me));
        }
        return views;
    }

    static GateView of(JobTask task, Gate gate, Viewer me) {
        boolean audit = gate.kind() == Gate.Kind.AUDIT;
        boolean open = audit ? !gate.stage().isDecided() && !task.stage().isComplete()
                : gate.stage() == GateStatus.WAITING;
        boolean mine = me != null && open && gate.people().contains(me.identity())
                && gate.decisions().stream().noneMatch(d -> d.by().equals(me.identity()));
        return new GateView(gate, audit ? "Audit" : "Confirmation", audit ? "audit" : "confirm", mine);
    }
}
