package io.mflow.task.domain;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where a job's audit meets the audit that a task of a pipeline, or a single run, declares. A job's audit holds every
 * way of running it; what is declared around it may add to it, never take from it:
 * <ul>
 *   <li>only one of them: that one;</li>
 *   <li>both: both must be met. Their auditors together decide, and the gate opens once the job's auditors gave the
 *       job's number of approvals <em>and</em> the task's auditors the task's number (someone listed in both counts
 *       for both). The total shown is the larger number, which meeting both implies;</li>
 *   <li>who started the run may approve it only when both allow it: a task cannot turn the job's four eyes off.</li>
 * </ul>
 * A union of the auditors with the larger number alone would let the task's own auditors stand in for the job's
 * (job: 2 of alice and bob; task: 1 of mallory; then mallory and alice would open it), so each keeps its quorum.
 */
public final class Audits {

    private Audits() {
    }

    /**
     * The audit of one run of a task of {@code job}, or null when neither the job nor the task declares one.
     *
     * @param declared the audit the task of the pipeline, or the single run, declares; null: none
     */
    public static Gate ofRun(Pipeline.GateDefinition ofJob, Pipeline.GateDefinition declared, boolean dryRun) {
        if (ofJob == null) {
            return declared == null ? null : declared.gateOfRun(dryRun);
        }
        if (declared == null) {
            return ofJob.gateOfRun(dryRun);
        }
        Set<String> people = new LinkedHashSet<>(ofJob.people());
        people.addAll(declared.people());
        int approvals = Math.max(ofJob.approvals(), declared.approvals());
        boolean allowSelfApproval = ofJob.allowSelfApproval() && declared.allowSelfApproval();
        List<Gate.Quorum> quorums = List.of(new Gate.Quorum(ofJob.people(), ofJob.approvals()),
                new Gate.Quorum(declared.people(), declared.approvals()));
        List<String> all = List.copyOf(people);
        return dryRun ? Gate.passedInDryRun(Gate.Kind.AUDIT, all, approvals, allowSelfApproval, quorums)
                : Gate.of(Gate.Kind.AUDIT, all, approvals, allowSelfApproval, quorums);
    }
}
