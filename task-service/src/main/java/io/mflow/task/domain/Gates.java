package io.mflow.task.domain;

/** A job task's gates: its audit before it runs and its confirmation of its result; null where it has none. */
public record Gates(Gate audit, Gate confirm) {

    public static final Gates NONE = new Gates(null, null);

    public Gate of(Gate.Kind kind) {
        return kind == Gate.Kind.AUDIT ? audit : confirm;
    }

    public Gates with(Gate.Kind kind, Gate gate) {
        return kind == Gate.Kind.AUDIT ? new Gates(gate, confirm) : new Gates(audit, gate);
    }

    /** For a new attempt: a result to confirm is confirmed anew, by the same people. */
    Gates confirmedAnew() {
        return confirm == null ? this : new Gates(audit, Gate.of(Gate.Kind.CONFIRM, confirm.people(),
                confirm.approvals(), confirm.allowSelfApproval(), confirm.quorums()));
    }
}
