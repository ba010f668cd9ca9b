package io.mflow.task.adapter.mongo;

import io.mflow.task.domain.Gate;
import io.mflow.task.domain.GateDecision;
import io.mflow.task.domain.GateStatus;
import io.mflow.task.domain.Verdict;
import java.time.Instant;
import java.util.List;

/** A gate of a job task as stored, with every decision; absent when the task has no such gate. */
record GateDocument(String kind, List<String> people, int approvals, boolean allowSelfApproval, String stage,
                    List<DecisionDocument> decisions, String note) {

    record DecisionDocument(String by, String verdict, String comment, Instant at) {
    }

    static GateDocument of(Gate gate) {
        if (gate == null) {
            return null;
        }
        return new GateDocument(gate.kind().name(), gate.people(), gate.approvals(), gate.allowSelfApproval(),
                gate.stage().name(), gate.decisions().stream()
                        .map(d -> new DecisionDocument(d.by(), d.verdict().name(), d.comment(), d.at())).toList(),
                gate.note());
    }

    static Gate toDomain(GateDocument document) {
        if (document == null) {
            return null;
        }
        return new Gate(Gate.Kind.valueOf(document.kind), document.people, document.approvals,
                document.allowSelfApproval, GateStatus.valueOf(document.stage), document.decisions == null ? List.of()
                : document.decisions.stream().map(d -> new GateDecision(d.by(), Verdict.valueOf(d.verdict()),
                        d.comment(), d.at())).toList(), document.note);
    }
}
