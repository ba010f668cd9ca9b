package io.mflow.task.adapter.mongo;

import io.mflow.task.domain.Gate;
import io.mflow.task.domain.GateDecision;
import io.mflow.task.domain.GateStatus;
import io.mflow.task.domain.Verdict;
import java.time.Instant;
import java.util.List;

/**
 * A gate of a job task as stored, with every decision; absent when the task has no such gate. {@code quorums} and
 * {@code earlier} are absent in gates stored before a job's audit met a task's and before a retry asked anew.
 */
record GateDocument(String kind, List<String> people, int approvals, boolean allowSelfApproval, String stage,
                    List<DecisionDocument> decisions, String note, List<QuorumDocument> quorums,
                    List<DecisionDocument> earlier) {

    record DecisionDocument(String by, String verdict, String comment, Instant at, String paramsDigest) {
        static List<DecisionDocument> of(List<GateDecision> decisions) {
            return decisions.stream().map(d -> new DecisionDocument(d.by(), d.verdict().name(), d.comment(), d.at(),
                    d.paramsDigest())).toList();
        }

        static List<GateDecision> toDomain(List<DecisionDocument> documents) {
            return documents == null ? List.of() : documents.stream().map(d -> new GateDecision(d.by(),
                    Verdict.valueOf(d.verdict()), d.comment(), d.at(), d.paramsDigest())).toList();
        }
    }

    record QuorumDocument(List<String> people, int approvals) {
    }

    static GateDocument of(Gate gate) {
        if (gate == null) {
            return null;
        }
        return new GateDocument(gate.kind().name(), gate.people(), gate.approvals(), gate.allowSelfApproval(),
                gate.stage().name(), DecisionDocument.of(gate.decisions()), gate.note(),
                gate.quorums().stream().map(q -> new QuorumDocument(q.people(), q.approvals())).toList(),
                DecisionDocument.of(gate.earlier()));
    }

    static Gate toDomain(GateDocument document) {
        if (document == null) {
            return null;
        }
        return new Gate(Gate.Kind.valueOf(document.kind), document.people, document.approvals,
                document.allowSelfApproval, GateStatus.valueOf(document.stage),
                DecisionDocument.toDomain(document.decisions), document.note,
                document.quorums == null ? List.of() : document.quorums.stream()
                        .map(q -> new Gate.Quorum(q.people(), q.approvals())).toList(),
                DecisionDocument.toDomain(document.earlier));
    }
}
