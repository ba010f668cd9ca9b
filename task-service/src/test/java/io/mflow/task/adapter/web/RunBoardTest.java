package io.mflow.task.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.task.domain.Actor;
import io.mflow.task.domain.Gate;
import io.mflow.task.domain.GateOutcome;
import io.mflow.task.domain.GateStatus;
import io.mflow.task.domain.Job;
import io.mflow.task.domain.JobTask;
import io.mflow.task.domain.JobTaskHistory;
import io.mflow.task.domain.PastAttempt;
import io.mflow.task.domain.PipelineTask;
import io.mflow.task.domain.Status;
import io.mflow.task.domain.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunBoardTest {

    private static final Instant NOW = Instant.parse("2026-12-07T04:00:00Z");
    private static final Viewer ALICE = new Viewer("alice", "alice", false, false);
    private static final Viewer DEVELOPER = new Viewer("dora", "dora", true, false);

    private static JobTask taskWith(Gate audit) {
        Job job = new Job("j-deploy", "deploy", "LOCAL", "true", List.of(), NOW, "vera", null, null);
        return JobTask.ofJob("jt-1", job, new JobTask.Placement("deploy", "pt-1", "pl-1", "prod", false, false, null,
                audit, null), List.of(), null, Map.of(), "vera", NOW);
    }

    private static JobTask waitingAudit(int approvals) {
        JobTask task = taskWith(Gate.of(Gate.Kind.AUDIT, List.of("alice", "bob", "carol"), approvals, false));
        return task.withGates(task.gates().with(Gate.Kind.AUDIT, task.gates().audit().reached()));
    }

    private static JobTask decided(JobTask task, String who, Verdict verdict, String comment) {
        Gate next = ((GateOutcome.Decided<Gate>) task.gates().audit().decide(new Actor(who), verdict, comment, "vera",
                NOW)).next();
        return task.withGates(task.gates().with(Gate.Kind.AUDIT, next));
    }

    private static RunBoard boardOf(Status stage, JobTask task) {
        PipelineTask run = new PipelineTask("pt-1", "pl-1", "ship", stage, null, false, Map.of(),
                List.of(new PipelineTask.StageLayout("prod", false, List.of(task.id()))), List.of(), 1, NOW,
                stage.isComplete() ? NOW.plusSeconds(60) : null, "vera");
        return RunBoard.of(run, List.of(task));
    }

    @Test
    void aWaitingGateSaysHowManyMoreOfWhomItWaitsFor() {
        RunBoard.GateView gate = RunBoard.GateView.of(decided(waitingAudit(2), "alice", Verdict.PASS, null)
                .gates().audit());

        assertThat(gate.kind()).isEqualTo("audit");
        assertThat(gate.stage()).isEqualTo(GateStatus.WAITING);
        assertThat(gate.who()).isEqualTo("waiting for 1 of bob, carol (passed by alice)");
    }

    @Test
    void aDeniedGateSaysWhoDeniedItAndWhy() {
        RunBoard.GateView gate = RunBoard.GateView.of(decided(waitingAudit(1), "bob", Verdict.DENY, "not on a Friday")
                .gates().audit());

        assertThat(gate.stage()).isEqualTo(GateStatus.DENY);
        assertThat(gate.who()).isEqualTo("denied by bob: not on a Friday");
    }

    @Test
    void onlyAPersonTheWaitingGateListsAndWhoHasNotDecidedYetSeesItsButtons() {
        JobTask task = waitingAudit(2);
        RunBoard board = boardOf(Status.ACTIVE, task);

        assertThat(RunActions.of(board, ALICE).tasks()).singleElement()
                .satisfies(actions -> assertThat(actions.audit()).isTrue());
        assertThat(RunActions.of(board, DEVELOPER).tasks()).singleElement()
                .satisfies(actions -> assertThat(actions.audit()).isFalse());
        assertThat(RunActions.of(boardOf(Status.ACTIVE, decided(task, "alice", Verdict.PASS, null)), ALICE).any())
                .as("alice decided already").isFalse();
    }

    @Test
    void aViewerWhomNoGateListsHasNothingToDo() {
        Viewer viewer = new Viewer("vic", "vic", false, false);

        assertThat(RunActions.of(boardOf(Status.ACTIVE, waitingAudit(1)), viewer).any()).isFalse();
    }

    @Test
    void aRunThatEndedIsFollowedNoLongerUnlessAPersonRetriedTheTaskThatFailedIt() {
        JobTask neverStarted = taskWith(null);
        JobTask retried = neverStarted.withHistory(new JobTaskHistory(List.of(new PastAttempt(1, Status.FAILED,
                "exit 1", NOW, NOW.plusSeconds(30), "dora", "try again", "runner-1", 1)), List.of(), 3));

        assertThat(boardOf(Status.ACTIVE, neverStarted).ended()).isFalse();
        assertThat(boardOf(Status.FAILED, neverStarted).ended()).as("a task of a later stage never started").isTrue();
        assertThat(boardOf(Status.FAILED, retried).ended()).as("the run resumes from its retried task").isFalse();
    }
}
