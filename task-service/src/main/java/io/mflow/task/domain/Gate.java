package io.mflow.task.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Where people decide on a job task: an audit before it runs, or a confirmation of its result before its pipeline
 * goes on. {@code approvals} distinct PASS decisions open the gate; a single DENY closes it at once. Every decision
 * is kept (the reference lost DENY and pre-approvals, and let a confirmation be given twice).
 *
 * <p>An audit may be decided before the task's turn comes (pre-approval): the gate then opens without waiting. A
 * confirmation needs a result, so it is decided only while it waits for one.
 */
public record Gate(Kind kind, List<String> people, int approvals, boolean allowSelfApproval, GateStatus stage,
                   List<GateDecision> decisions, String note, List<Quorum> quorums, List<GateDecision> earlier) {

    /**
     * A group whose own approvals a gate needs besides its total: where a job's audit meets a task's, each keeps its
     * own auditors and number, so the task's auditors never stand in for the job's ({@link Audits}).
     */
    public record Quorum(List<String> people, int approvals) {
        public Quorum {
            people = List.copyOf(people);
        }
    }

    public enum Kind {
        AUDIT("auditor"),
        CONFIRM("checker");

        private final String role;

        Kind(String role) {
            this.role = role;
        }

        /** What the people who decide at this gate are called. */
        public String role() {
            return role;
        }
    }

    public Gate {
        people = List.copyOf(people);
        decisions = List.copyOf(decisions);
        quorums = quorums == null ? List.of() : List.copyOf(quorums);
        earlier = earlier == null ? List.of() : List.copyOf(earlier);
    }

    /** A gate of one group of people, with no earlier round. */
    public Gate(Kind kind, List<String> people, int approvals, boolean allowSelfApproval, GateStatus stage,
                List<GateDecision> decisions, String note) {
        this(kind, people, approvals, allowSelfApproval, stage, decisions, note, List.of(), List.of());
    }

    public static Gate of(Kind kind, List<String> people, int approvals, boolean allowSelfApproval) {
        return new Gate(kind, people, approvals, allowSelfApproval, GateStatus.PENDING, List.of(), null);
    }

    /** A gate whose {@code quorums} must each be met (none: {@code approvals} of {@code people} is all it needs). */
    public static Gate of(Kind kind, List<String> people, int approvals, boolean allowSelfApproval,
                          List<Quorum> quorums) {
        return new Gate(kind, people, approvals, allowSelfApproval, GateStatus.PENDING, List.of(), null, quorums,
                List.of());
    }

    /** A dry run shows the whole path: its gates pass at once, saying whom they would have waited for. */
    public static Gate passedInDryRun(Kind kind, List<String> people, int approvals, boolean allowSelfApproval) {
        return passedInDryRun(kind, people, approvals, allowSelfApproval, List.of());
    }

    public static Gate passedInDryRun(Kind kind, List<String> people, int approvals, boolean allowSelfApproval,
                                      List<Quorum> quorums) {
        return new Gate(kind, people, approvals, allowSelfApproval, GateStatus.PASS, List.of(),
                "dry run: would wait for " + String.join(", ", people), quorums, List.of());
    }

    /** What is wrong with a gate as a definition gives it, as a sentence; null when nothing is. */
    public static String shapeProblem(Kind kind, List<String> people, int approvals) {
        String role = kind.role();
        if (people == null || people.isEmpty()) {
            return "a " + kind.name().toLowerCase() + " needs at least one " + role;
        }
        if (people.stream().anyMatch(p -> p == null || p.isBlank())) {
            return "every " + role + " needs a name";
        }
        int distinct = new LinkedHashSet<>(people).size();
        if (approvals < 1 || approvals > distinct) {
            return "approvals must be between 1 and the number of " + role + "s (" + distinct + "), not " + approvals;
        }
        return null;
    }

    /**
     * Records {@code actor}'s decision.
     *
     * @param triggeredBy who started the run: unless the gate allows it, they may not approve their own run
     */
    public GateOutcome<Gate> decide(Actor actor, Verdict verdict, String comment, String triggeredBy, Instant now) {
        return decide(actor, verdict, comment, triggeredBy, null, now);
    }

    /**
     * Records {@code actor}'s decision on the params whose {@link ParamsDigest digest} is {@code paramsDigest}.
     *
     * @param triggeredBy who started the run: unless the gate allows it, they may not approve their own run
     */
    public GateOutcome<Gate> decide(Actor actor, Verdict verdict, String comment, String triggeredBy,
                                    String paramsDigest, Instant now) {
        String who = actor.name();
        if (!people.contains(who)) {
            return refused(GateOutcome.Refusal.FORBIDDEN, who + " is not among the " + kind.role()
                    + "s of this task (" + String.join(", ", people) + ")");
        }
        if (verdict == Verdict.DENY && (comment == null || comment.isBlank())) {
            return refused(GateOutcome.Refusal.INVALID, "a DENY needs a comment saying why");
        }
        if (verdict == Verdict.PASS && who.equals(triggeredBy) && !allowSelfApproval) {
            return refused(GateOutcome.Refusal.FORBIDDEN, "four eyes: " + who + " started this run and may not"
                    + " approve it; another " + kind.role() + " has to");
        }
        if (stage.isDecided()) {
            return refused(GateOutcome.Refusal.CONFLICT, "the " + kind.name().toLowerCase()
                    + " of this task was decided already: " + stage);
        }
        if (kind == Kind.CONFIRM && stage != GateStatus.WAITING) {
            return refused(GateOutcome.Refusal.CONFLICT, "nothing to confirm yet: the job has not ended");
        }
        if (decisions.stream().anyMatch(d -> d.by().equals(who))) {
            return refused(GateOutcome.Refusal.CONFLICT, who + " decided already");
        }
        List<GateDecision> next = new ArrayList<>(decisions);
        next.add(new GateDecision(who, verdict, comment == null || comment.isBlank() ? null : comment, now,
                paramsDigest));
        GateStatus nextStage = verdict == Verdict.DENY ? GateStatus.DENY : opensWith(next) ? GateStatus.PASS : stage;
        return new GateOutcome.Decided<>(new Gate(kind, people, approvals, allowSelfApproval, nextStage, next, note,
                quorums, earlier));
    }

    /** Enough PASS decisions in all, and enough from each quorum: one group's approvals never stand in for another's. */
    private boolean opensWith(List<GateDecision> given) {
        List<String> passed = given.stream().filter(d -> d.verdict() == Verdict.PASS).map(GateDecision::by).toList();
        return passed.size() >= approvals && quorums.stream()
                .allMatch(q -> passed.stream().filter(q.people()::contains).count() >= q.approvals());
    }

    /**
     * Whether the approvals that opened this gate were given on the params whose digest is {@code paramsDigest}. A
     * gate no person decided (a dry run's) and decisions kept before digests were recorded (null) do not stand
     * against it.
     */
    public boolean approved(String paramsDigest) {
        return stage == GateStatus.PASS && decisions.stream()
                .filter(d -> d.verdict() == Verdict.PASS && d.paramsDigest() != null)
                .allMatch(d -> d.paramsDigest().equals(paramsDigest));
    }

    /**
     * The gate asked anew, for a new attempt with other params or after a DENY: it waits again, and the decisions
     * given so far move to {@code earlier}, kept for the audit trail but no longer counted. A gate a dry run passed
     * stays passed.
     */
    public Gate askedAgain() {
        if (stage == GateStatus.PASS && decisions.isEmpty()) {
            return this;
        }
        List<GateDecision> kept = new ArrayList<>(earlier);
        kept.addAll(decisions);
        return new Gate(kind, people, approvals, allowSelfApproval, GateStatus.WAITING, List.of(), note, quorums,
                kept);
    }

    /** The task's turn came (audit) or its job ended (confirm): a gate not decided yet now waits for people. */
    public Gate reached() {
        return stage == GateStatus.PENDING ? new Gate(kind, people, approvals, allowSelfApproval, GateStatus.WAITING,
                decisions, note, quorums, earlier) : this;
    }

    /** The DENY that closed the gate, for the message of what it stops. */
    public GateDecision denial() {
        return decisions.stream().filter(d -> d.verdict() == Verdict.DENY).findFirst().orElse(null);
    }

    private static GateOutcome<Gate> refused(GateOutcome.Refusal refusal, String reason) {
        return new GateOutcome.Refused<>(refusal, reason);
    }
}
