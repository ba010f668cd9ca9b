package io.mflow.runner.domain.replica;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.runner.domain.Attempt;
import io.mflow.runner.domain.Execution;
import io.mflow.runner.domain.ExecutionState;
import io.mflow.runner.domain.replica.Takeover.Action;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TakeoverTest {

    private static final Instant NOW = Instant.parse("2026-12-07T16:00:00Z");
    private static final String SELF = "runner-b";
    private static final String DEAD = "runner-a";

    private static Execution of(String runnerType, ExecutionState state, String owner) {
        Attempt attempt = new Attempt("jt-1#1", "jt-1", "pt-1", runnerType, "true", List.of(), "sealed", false);
        return new Execution(attempt, state, 42L, "/work/jt-1", owner);
    }

    private static Optional<RunnerLease> expired() {
        return Optional.of(new RunnerLease(DEAD, "host-a", NOW.minusSeconds(8), NOW.minusSeconds(2)));
    }

    private static Optional<RunnerLease> live() {
        return Optional.of(RunnerLease.renewed(DEAD, "host-a", NOW.minusSeconds(1), Duration.ofSeconds(6)));
    }

    @Test
    void anExecutionWhoseOwnerStillHoldsItsLeaseIsLeftAlone() {
        for (ExecutionState state : ExecutionState.values()) {
            assertThat(Takeover.decide(of("LOCAL", state, DEAD), SELF, live(), NOW)).as(state.name())
                    .isEqualTo(Action.LEAVE);
        }
    }

    @Test
    void aLeaseEndingExactlyNowIsOver() {
        Optional<RunnerLease> endsNow = Optional.of(new RunnerLease(DEAD, "host-a", NOW.minusSeconds(6), NOW));
        assertThat(Takeover.decide(of("LOCAL", ExecutionState.RUNNING, DEAD), SELF, endsNow, NOW))
                .isEqualTo(Action.REPORT_LOST);
    }

    @Test
    void aDeadOwnersRunningLocalJobIsReportedLostAndNeverStartedAgain() {
        assertThat(Takeover.decide(of("LOCAL", ExecutionState.RUNNING, DEAD), SELF, expired(), NOW))
                .isEqualTo(Action.REPORT_LOST);
        assertThat(Takeover.decide(of("LOCAL", ExecutionState.LAUNCHED, DEAD), SELF, expired(), NOW))
                .isEqualTo(Action.REPORT_LOST);
    }

    @Test
    void aDeadOwnersKubernetesAndAgentJobsAreReattachedNotCreatedAgain() {
        assertThat(Takeover.decide(of("K8S_JOB", ExecutionState.RUNNING, DEAD), SELF, expired(), NOW))
                .isEqualTo(Action.REATTACH);
        assertThat(Takeover.decide(of("K8S_JOB", ExecutionState.LAUNCHED, DEAD), SELF, expired(), NOW))
                .isEqualTo(Action.REATTACH);
        assertThat(Takeover.decide(of("AGENT", ExecutionState.LAUNCHED, DEAD), SELF, expired(), NOW))
                .isEqualTo(Action.REATTACH);
        assertThat(Takeover.decide(of("AGENT", ExecutionState.RUNNING, DEAD), SELF, expired(), NOW))
                .isEqualTo(Action.REATTACH);
    }

    @Test
    void aClaimOfAJobThatRunsOffTheDeadHostIsStartedByTheNewOwnerWhichFindsAnyFirstStart() {
        for (String type : List.of("K8S_JOB", "AGENT")) {
            assertThat(Takeover.decide(of(type, ExecutionState.CLAIMED, DEAD), SELF, expired(), NOW)).as(type)
                    .isEqualTo(Action.START);
        }
    }

    @Test
    void aLocalClaimWhoseOwnerDiedBeforeItWasDueIsStartedByTheNewOwner() {
        Execution backingOff = claimDue(NOW.plusSeconds(30));

        assertThat(Takeover.decide(backingOff, SELF, expired(), NOW)).isEqualTo(Action.START);
    }

    @Test
    void aLocalClaimDueWhileItsOwnerLivedMayHaveStartedThereSoItIsLostNotStartedTwice() {
        // the owner stores the claim, starts the process, then stores the start: it may have died in between
        assertThat(Takeover.decide(of("LOCAL", ExecutionState.CLAIMED, DEAD), SELF, expired(), NOW))
                .as("due at once").isEqualTo(Action.REPORT_LOST);
        assertThat(Takeover.decide(claimDue(NOW.minusSeconds(5)), SELF, expired(), NOW))
                .as("due before its lease ended").isEqualTo(Action.REPORT_LOST);
        assertThat(Takeover.decide(claimDue(NOW.plusSeconds(30)), SELF, Optional.empty(), NOW))
                .as("when the owner died is unknown").isEqualTo(Action.REPORT_LOST);
    }

    private static Execution claimDue(Instant notBefore) {
        Attempt attempt = new Attempt("jt-3#2", "jt-3", "pt-1", "LOCAL", "true", List.of(), "sealed", false, null,
                notBefore, null);
        return new Execution(attempt, ExecutionState.CLAIMED, null, null, DEAD);
    }

    @Test
    void aJobThatEndedAndAwaitsAnOutsideReportOnlyHasItsTimeoutArmedAgain() {
        assertThat(Takeover.decide(of("LOCAL", ExecutionState.AWAITING, DEAD), SELF, expired(), NOW))
                .isEqualTo(Action.AWAIT_OUTSIDE_REPORT);
    }

    @Test
    void settledExecutionsOwnOnesAndOnesWithoutAnOwnerAreNeverTakenOver() {
        assertThat(Takeover.decide(of("LOCAL", ExecutionState.FINISHED, DEAD), SELF, expired(), NOW))
                .isEqualTo(Action.LEAVE);
        assertThat(Takeover.decide(of("LOCAL", ExecutionState.CANCELED, DEAD), SELF, expired(), NOW))
                .isEqualTo(Action.LEAVE);
        assertThat(Takeover.decide(of("LOCAL", ExecutionState.RUNNING, SELF), SELF, expired(), NOW))
                .isEqualTo(Action.LEAVE);
        assertThat(Takeover.decide(of("LOCAL", ExecutionState.RUNNING, null), SELF, Optional.empty(), NOW))
                .as("left to an instance's start-up recovery").isEqualTo(Action.LEAVE);
    }

    @Test
    void anOwnerWithoutAnyLeaseCountsAsDeadSinceEveryInstanceLeasesBeforeItClaims() {
        assertThat(Takeover.decide(of("LOCAL", ExecutionState.RUNNING, DEAD), SELF, Optional.empty(), NOW))
                .isEqualTo(Action.REPORT_LOST);
    }

    @Test
    void aLocalDryRunRanNothingOnTheDeadHostSoItIsRecoveredNotLost() {
        Attempt dry = new Attempt("jt-2#1", "jt-2", "pt-1", "LOCAL", "true", List.of(), "sealed", true);
        assertThat(Takeover.decide(new Execution(dry, ExecutionState.RUNNING, null, null, DEAD), SELF, expired(),
                NOW)).isEqualTo(Action.REATTACH);
    }

    @Test
    void theSameInputGivesTheSameAction() {
        Execution running = of("K8S_JOB", ExecutionState.RUNNING, DEAD);
        assertThat(Takeover.decide(running, SELF, expired(), NOW))
                .isEqualTo(Takeover.decide(running, SELF, expired(), NOW));
    }
}
