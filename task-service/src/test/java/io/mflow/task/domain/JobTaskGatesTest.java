package io.mflow.task.domain;

import io.mflow.platform.change.Change;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

class JobTaskGatesTest {

    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

    private static JobTask pendingTaskWith(Gate audit, Gate confirm, boolean ignoreFailed) {
        return JobTask.ofJob("jt-1", JobTaskTransitionsTest.job("deploy"), new JobTask.Placement("deploy", "pt-1",
                "pl-1", "prod", ignoreFailed, false, null, audit, confirm), List.of(), UpdateTokens.hash("token"),
                Map.of(), "vera", NOW);
    }

    private static JobTask auditedTask() {
        return pendingTaskWith(Gate.of(Gate.Kind.AUDIT, List.of("alice", "bob"), 1, false), null, false);
    }

    private static JobTask confirmedTask(boolean ignoreFailed) {
        return pendingTaskWith(null, Gate.of(Gate.Kind.CONFIRM, List.of("carol"), 1, false), ignoreFailed);
    }

    private static Change.Moved<JobTask, JobTaskEvent> decided(JobTask task, Gate.Kind kind, String who,
                                                                  Verdict verdict, String comment) {
        GateOutcome<Change.Moved<JobTask, JobTaskEvent>> outcome = task.decide(kind, new Actor(who), verdict,
                comment, NOW.plusSeconds(30));
        assertThat(outcome).isInstanceOf(GateOutcome.Decided.class);
        return ((GateOutcome.Decided<Change.Moved<JobTask, JobTaskEvent>>) outcome).next();
    }

    private static Change.Moved<JobTask, JobTaskEvent> moved(JobTask task, Status stage) {
        return (Change.Moved<JobTask, JobTaskEvent>) task.moveTo(stage,
                new StatusReport("r-" + stage, stage, null, Map.of(), NOW.plusSeconds(60)));
    }

    @Test
    void anAuditedTaskWaitsForItsAuditorsWhenItsTurnComesAndSaysSo() {
        Change.Moved<JobTask, JobTaskEvent> turn = (Change.Moved<JobTask, JobTaskEvent>) auditedTask()
                .turnCame(NOW);
        assertThat(turn.next().stage()).isEqualTo(Status.PENDING);
        assertThat(turn.next().gates().audit().stage()).isEqualTo(GateStatus.WAITING);
        assertThat(turn.events()).singleElement().isInstanceOfSatisfying(JobTaskEvent.GateChanged.class, e -> {
            assertThat(e.gate()).isEqualTo(Gate.Kind.AUDIT);
            assertThat(e.stage()).isEqualTo(GateStatus.WAITING);
            assertThat(e.key()).isEqualTo("pt-1");
        });
    }

    @Test
    void aTaskWithoutAnAuditDoesNotWaitWhenItsTurnComes() {
        assertThat(confirmedTask(false).turnCame(NOW)).isInstanceOf(Change.Unchanged.class);
    }

    @Test
    void aPreApprovedTaskDoesNotWaitWhenItsTurnComes() {
        JobTask approved = decided(auditedTask(), Gate.Kind.AUDIT, "alice", Verdict.PASS, null).next();
        assertThat(approved.gates().audit().stage()).isEqualTo(GateStatus.PASS);
        assertThat(approved.turnCame(NOW)).isInstanceOf(Change.Unchanged.class);
    }

    @Test
    void aPassedAuditIsAnnouncedWithItsDecision() {
        JobTask waiting = ((Change.Moved<JobTask, JobTaskEvent>) auditedTask().turnCame(NOW)).next();
        Change.Moved<JobTask, JobTaskEvent> passed = decided(waiting, Gate.Kind.AUDIT, "bob", Verdict.PASS, "ok");
        assertThat(passed.events()).singleElement().isInstanceOfSatisfying(JobTaskEvent.GateChanged.class, e -> {
            assertThat(e.stage()).isEqualTo(GateStatus.PASS);
            assertThat(e.decisions()).extracting(GateDecision::by).containsExactly("bob");
        });
    }

    @Test
    void deniedAuditFailsTheTaskWithTheComment() {
        JobTask waiting = ((Change.Moved<JobTask, JobTaskEvent>) auditedTask().turnCame(NOW)).next();
        Change.Moved<JobTask, JobTaskEvent> denied = decided(waiting, Gate.Kind.AUDIT, "bob", Verdict.DENY,
                "change freeze");
        assertThat(denied.next().stage()).isEqualTo(Status.FAILED);
        assertThat(denied.next().current().message()).isEqualTo("audit denied by bob: change freeze");
        assertThat(denied.next().current().finishedAt()).isNotNull();
        assertThat(denied.events()).hasSize(2);
        assertThat(denied.events().get(0)).isInstanceOfSatisfying(JobTaskEvent.GateChanged.class,
                e -> assertThat(e.stage()).isEqualTo(GateStatus.DENY));
        assertThat(denied.events().get(1)).isInstanceOfSatisfying(JobTaskEvent.StatusChanged.class, e -> {
            assertThat(e.previousStage()).isEqualTo(Status.PENDING);
            assertThat(e.stage()).isEqualTo(Status.FAILED);
            assertThat(e.message()).contains("change freeze");
        });
    }

    @Test
    void everyAnnouncedChangeGetsItsOwnDerivedEventId() {
        Change.Moved<JobTask, JobTaskEvent> turn = (Change.Moved<JobTask, JobTaskEvent>) auditedTask()
                .turnCame(NOW);
        Change.Moved<JobTask, JobTaskEvent> denied = decided(turn.next(), Gate.Kind.AUDIT, "bob", Verdict.DENY,
                "no");
        assertThat(List.of(turn.events().get(0).eventId(), denied.events().get(0).eventId(),
                denied.events().get(1).eventId())).containsExactly("jt-1:1", "jt-1:2", "jt-1:3");
    }

    @Test
    void aTaskWaitingForItsAuditCannotBeReportedRunning() {
        JobTask waiting = ((Change.Moved<JobTask, JobTaskEvent>) auditedTask().turnCame(NOW)).next();
        for (Status running : List.of(Status.CREATING, Status.ACTIVE)) {
            assertThat(waiting.moveTo(running, new StatusReport("r", running, null, Map.of(), NOW)))
                    .isInstanceOf(Change.Refused.class);
        }
        assertThat(waiting.moveTo(Status.CANCELED, new StatusReport("r", Status.CANCELED, null, Map.of(), NOW)))
                .isInstanceOf(Change.Moved.class);
    }

    @Test
    void anApprovedTaskRunsAsAnyOther() {
        JobTask approved = decided(auditedTask(), Gate.Kind.AUDIT, "alice", Verdict.PASS, null).next();
        assertThat(moved(approved, Status.CREATING).next().stage()).isEqualTo(Status.CREATING);
    }

    @Test
    void anAuditDecisionAfterTheTaskStartedIsRefused() {
        JobTask approved = decided(auditedTask(), Gate.Kind.AUDIT, "alice", Verdict.PASS, null).next();
        JobTask active = moved(approved, Status.ACTIVE).next();
        GateOutcome<?> late = active.decide(Gate.Kind.AUDIT, new Actor("bob"), Verdict.DENY, "late", NOW);
        assertThat(late).isInstanceOfSatisfying(GateOutcome.Refused.class,
                r -> assertThat(r.refusal()).isEqualTo(GateOutcome.Refusal.CONFLICT));
    }

    @Test
    void aTaskWithoutTheGateRefusesADecisionAtIt() {
        GateOutcome<?> outcome = confirmedTask(false).decide(Gate.Kind.AUDIT, new Actor("alice"), Verdict.PASS, null,
                NOW);
        assertThat(outcome).isInstanceOfSatisfying(GateOutcome.Refused.class, r -> {
            assertThat(r.refusal()).isEqualTo(GateOutcome.Refusal.INVALID);
            assertThat(r.reason()).contains("has no audit");
        });
    }

    @Test
    void aSucceededJobWaitsForItsCheckers() {
        Change.Moved<JobTask, JobTaskEvent> succeeded = moved(moved(confirmedTask(false), Status.ACTIVE).next(),
                Status.SUCCEEDED);
        assertThat(succeeded.next().gates().confirm().stage()).isEqualTo(GateStatus.WAITING);
        assertThat(succeeded.events()).hasSize(2);
        assertThat(succeeded.events().get(1)).isInstanceOfSatisfying(JobTaskEvent.GateChanged.class, e -> {
            assertThat(e.gate()).isEqualTo(Gate.Kind.CONFIRM);
            assertThat(e.stage()).isEqualTo(GateStatus.WAITING);
        });
    }

    @Test
    void aFailedJobIsConfirmedOnlyWhenItsFailureIsIgnored() {
        JobTask failed = moved(moved(confirmedTask(false), Status.ACTIVE).next(), Status.FAILED).next();
        assertThat(failed.gates().confirm().stage()).isEqualTo(GateStatus.PENDING);
        JobTask ignored = moved(moved(confirmedTask(true), Status.ACTIVE).next(), Status.FAILED).next();
        assertThat(ignored.gates().confirm().stage()).isEqualTo(GateStatus.WAITING);
    }

    @Test
    void aDeniedConfirmationLeavesTheTaskAsItsJobEnded() {
        JobTask succeeded = moved(moved(confirmedTask(false), Status.ACTIVE).next(), Status.SUCCEEDED).next();
        Change.Moved<JobTask, JobTaskEvent> denied = decided(succeeded, Gate.Kind.CONFIRM, "carol", Verdict.DENY,
                "wrong version deployed");
        assertThat(denied.next().stage()).isEqualTo(Status.SUCCEEDED);
        assertThat(denied.next().gates().confirm().stage()).isEqualTo(GateStatus.DENY);
        assertThat(denied.events()).singleElement().isInstanceOf(JobTaskEvent.GateChanged.class);
    }

    @Test
    void aTaskWhoseAuditIsWaitingOrDeniedIsSkippedByNoOneButItsAuditors() {
        JobTask waiting = ((Change.Moved<JobTask, JobTaskEvent>) auditedTask().turnCame(NOW)).next();
        JobTask denied = decided(auditedTask(), Gate.Kind.AUDIT, "bob", Verdict.DENY, "not today").next();

        for (JobTask task : List.of(auditedTask(), waiting, denied)) {
            Change<JobTask, JobTaskEvent> byMallory = task.skip(new Actor("mallory"), "it is fine", NOW);
            assertThat(byMallory).isInstanceOfSatisfying(Change.Refused.class, refused -> {
                assertThat(refused.code()).isEqualTo(JobTask.FORBIDDEN);
                assertThat(refused.reason()).contains("only one of its auditors (alice, bob)");
            });
            assertThat(task.skip(new Actor("alice"), "not needed after all", NOW)).isInstanceOf(Change.Moved.class);
        }
    }

    @Test
    void aTaskWhoseAuditPassedMayBeSkippedByAnyoneWhoMaySkip() {
        JobTask passed = decided(auditedTask(), Gate.Kind.AUDIT, "alice", Verdict.PASS, null).next();

        assertThat(passed.skip(new Actor("mallory"), "not needed", NOW)).isInstanceOf(Change.Moved.class);
    }
}
