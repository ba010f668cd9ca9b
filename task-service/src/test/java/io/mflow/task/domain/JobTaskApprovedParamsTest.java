package io.mflow.task.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.platform.change.Change;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An approval covers the params it saw: a retry with other params waits for the auditors again. */
class JobTaskApprovedParamsTest {

    private static final Instant NOW = Instant.parse("2026-12-07T01:00:00Z");
    private static final List<RunParam> SAFE = List.of(new RunParam("MODE", "safe", false, false, false, null));
    private static final List<RunParam> YOLO = List.of(new RunParam("MODE", "yolo", false, false, false, null));

    private static JobTask auditedTask(int approvals, String... auditors) {
        return JobTask.ofJob("jt-1", JobTaskTransitionsTest.job("deploy"), new JobTask.Placement("deploy", "pt-1",
                "pl-1", "prod", false, false, null, Gate.of(Gate.Kind.AUDIT, List.of(auditors), approvals, false),
                null), SAFE, UpdateTokens.hash("token"), Map.of(), "vera", NOW);
    }

    private static JobTask decided(JobTask task, String who, Verdict verdict) {
        GateOutcome<Change.Moved<JobTask, JobTaskEvent>> outcome = task.decide(Gate.Kind.AUDIT, new Actor(who),
                verdict, verdict == Verdict.DENY ? "no" : null, NOW);
        assertThat(outcome).isInstanceOf(GateOutcome.Decided.class);
        return ((GateOutcome.Decided<Change.Moved<JobTask, JobTaskEvent>>) outcome).next().next();
    }

    private static JobTask moved(JobTask task, Status stage) {
        Change<JobTask, JobTaskEvent> change = task.moveTo(stage, new StatusReport("r-" + stage + task.attempt(),
                stage, null, Map.of(), NOW));
        assertThat(change).as(change.toString()).isInstanceOf(Change.Moved.class);
        return ((Change.Moved<JobTask, JobTaskEvent>) change).next();
    }

    private static Change.Moved<JobTask, JobTaskEvent> retried(JobTask task, List<RunParam> params) {
        return (Change.Moved<JobTask, JobTaskEvent>) task.retry(new Actor("vera"), params, "again", NOW);
    }

    /** Approved, ran with its params and failed. */
    private static JobTask approvedAndFailed() {
        return moved(moved(decided(auditedTask(1, "alice"), "alice", Verdict.PASS), Status.ACTIVE), Status.FAILED);
    }

    @Test
    void anApprovalRecordsTheDigestOfTheParamsItApproved() {
        JobTask approved = decided(auditedTask(1, "alice"), "alice", Verdict.PASS);

        assertThat(approved.gates().audit().decisions()).singleElement()
                .satisfies(d -> assertThat(d.paramsDigest()).isEqualTo(ParamsDigest.of(SAFE)));
        assertThat(approved.paramsDigest()).isEqualTo(ParamsDigest.of(SAFE));
    }

    @Test
    void aRetryWithOtherParamsWaitsForTheAuditAgainAndItsOldApprovalsDoNotStartIt() {
        Change.Moved<JobTask, JobTaskEvent> retry = retried(approvedAndFailed(), YOLO);
        JobTask next = retry.next();

        assertThat(next.stage()).isEqualTo(Status.PENDING);
        Gate audit = next.gates().audit();
        assertThat(audit.stage()).isEqualTo(GateStatus.WAITING);
        assertThat(audit.decisions()).isEmpty();
        assertThat(audit.earlier()).singleElement().satisfies(d -> {
            assertThat(d.by()).isEqualTo("alice");
            assertThat(d.paramsDigest()).isEqualTo(ParamsDigest.of(SAFE));
        });
        // announced before the retry, so the run's driver holds the new attempt
        assertThat(retry.events()).hasSize(3);
        assertThat(retry.events().get(0)).isInstanceOfSatisfying(JobTaskEvent.GateChanged.class,
                e -> assertThat(e.stage()).isEqualTo(GateStatus.WAITING));
        assertThat(retry.events().get(1)).isInstanceOf(JobTaskEvent.Retried.class);
        assertThat(retry.events().get(2)).isInstanceOf(JobTaskEvent.StatusChanged.class);
        assertThat(next.moveTo(Status.ACTIVE, new StatusReport("r-start-2", Status.ACTIVE, null, Map.of(), NOW)))
                .isInstanceOf(Change.Refused.class);
    }

    @Test
    void aRetryWithOtherParamsStartsOnceAnAuditorApprovesTheNewParams() {
        JobTask waiting = retried(approvedAndFailed(), YOLO).next();

        JobTask approvedAgain = decided(waiting, "alice", Verdict.PASS);

        assertThat(approvedAgain.gates().audit().stage()).isEqualTo(GateStatus.PASS);
        assertThat(approvedAgain.gates().audit().decisions()).singleElement()
                .satisfies(d -> assertThat(d.paramsDigest()).isEqualTo(ParamsDigest.of(YOLO)));
        assertThat(moved(approvedAgain, Status.ACTIVE).stage()).isEqualTo(Status.ACTIVE);
    }

    @Test
    void aRetryWithTheSameParamsKeepsItsApproval() {
        Change.Moved<JobTask, JobTaskEvent> retry = retried(approvedAndFailed(), SAFE);

        assertThat(retry.next().gates().audit().stage()).isEqualTo(GateStatus.PASS);
        assertThat(retry.events()).hasSize(2).noneMatch(JobTaskEvent.GateChanged.class::isInstance);
        assertThat(moved(retry.next(), Status.ACTIVE).stage()).isEqualTo(Status.ACTIVE);
    }

    @Test
    void aRetryOfATaskItsAuditDeniedAsksTheAuditorsAgainAndTheDenialNoLongerCounts() {
        JobTask denied = decided(auditedTask(1, "alice", "bob"), "bob", Verdict.DENY);
        assertThat(denied.stage()).isEqualTo(Status.FAILED);

        JobTask next = retried(denied, SAFE).next();

        assertThat(next.gates().audit().stage()).isEqualTo(GateStatus.WAITING);
        assertThat(next.gates().audit().earlier()).extracting(GateDecision::verdict).containsExactly(Verdict.DENY);
        assertThat(decided(next, "alice", Verdict.PASS).gates().audit().stage()).isEqualTo(GateStatus.PASS);
    }

    @Test
    void aTaskWhoseApprovalsWereGivenOnOtherParamsDoesNotStart() {
        JobTask approved = decided(auditedTask(1, "alice"), "alice", Verdict.PASS);
        JobTask otherParams = new JobTask(approved.id(), approved.plan().withParams(YOLO), approved.current(),
                approved.gates(), approved.history());

        Change<JobTask, JobTaskEvent> start = otherParams.moveTo(Status.ACTIVE,
                new StatusReport("r-start", Status.ACTIVE, null, Map.of(), NOW));

        assertThat(start).isInstanceOfSatisfying(Change.Refused.class,
                r -> assertThat(r.reason()).contains("approved other params"));
    }
}
