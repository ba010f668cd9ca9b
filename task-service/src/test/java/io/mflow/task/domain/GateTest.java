package io.mflow.task.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GateTest {

    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
    private static final String TRIGGERED_BY = "vera";

    /**
     * A row: the behaviour, the gate ("AUDIT 1 of alice,bob,vera WAITING", optionally "self" for allowSelfApproval
     * and "after alice:PASS" for earlier decisions), the decision ("bob PASS" or "bob DENY because ..."), and the
     * expected outcome: the gate's stage, or the refusal.
     */
    static Stream<Arguments> rules() {
        return Stream.of(
                row("a listed auditor's PASS opens a one-approval gate", "AUDIT 1 of alice,bob WAITING", "alice PASS", "PASS"),
                row("someone who is not listed may not decide", "AUDIT 1 of alice,bob WAITING", "mallory PASS", "FORBIDDEN"),
                row("someone who is not listed may not deny either", "AUDIT 1 of alice,bob WAITING", "mallory DENY because no", "FORBIDDEN"),
                row("a DENY without a comment is refused", "AUDIT 1 of alice,bob WAITING", "alice DENY", "INVALID"),
                row("a DENY with a comment closes the gate", "AUDIT 1 of alice,bob WAITING", "alice DENY because not today", "DENY"),
                row("four eyes: who started the run may not approve it", "AUDIT 1 of alice,vera WAITING", "vera PASS", "FORBIDDEN"),
                row("four eyes do not stop who started the run from denying it", "AUDIT 1 of alice,vera WAITING", "vera DENY because wrong branch", "DENY"),
                row("a gate may allow self-approval", "AUDIT 1 of alice,vera WAITING self", "vera PASS", "PASS"),
                row("two of three: one PASS is not enough", "AUDIT 2 of alice,bob,carol WAITING", "alice PASS", "WAITING"),
                row("two of three: a second user's PASS opens it", "AUDIT 2 of alice,bob,carol WAITING after alice:PASS", "bob PASS", "PASS"),
                row("two of three: one DENY decides at once", "AUDIT 2 of alice,bob,carol WAITING after alice:PASS", "bob DENY because flaky", "DENY"),
                row("a user's second decision is refused", "AUDIT 2 of alice,bob,carol WAITING after alice:PASS", "alice PASS", "CONFLICT"),
                row("a user may not turn their PASS into a DENY", "AUDIT 2 of alice,bob,carol WAITING after alice:PASS", "alice DENY because oops", "CONFLICT"),
                row("a decided gate takes no more decisions", "AUDIT 1 of alice,bob PASS after alice:PASS", "bob DENY because late", "CONFLICT"),
                row("an audit may be approved before the task's turn (pre-approval)", "AUDIT 1 of alice,bob PENDING", "alice PASS", "PASS"),
                row("a pre-approval short of the approvals keeps the gate pending", "AUDIT 2 of alice,bob PENDING", "alice PASS", "PENDING"),
                row("an audit may be denied before the task's turn", "AUDIT 1 of alice,bob PENDING", "bob DENY because frozen", "DENY"),
                row("a confirmation waits for a result: none before the job ended", "CONFIRM 1 of carol PENDING", "carol PASS", "CONFLICT"),
                row("a listed checker's PASS confirms the result", "CONFIRM 1 of carol WAITING", "carol PASS", "PASS"),
                row("a checker's DENY needs a comment too", "CONFIRM 1 of carol WAITING", "carol DENY", "INVALID"),
                row("a confirmation is given once (the reference let it be repeated)", "CONFIRM 1 of carol,dave PASS after carol:PASS", "dave PASS", "CONFLICT"),
                row("four eyes hold for a confirmation too", "CONFIRM 1 of carol,vera WAITING", "vera PASS", "FORBIDDEN"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void aDecisionFollowsTheRulesOfTheGate(String behaviour, String gate, String decision, String expected) {
        String[] words = decision.split(" ", 4);
        String comment = words.length > 3 ? words[3] : null;
        GateOutcome<Gate> outcome = gate(gate).decide(new Actor(words[0]), Verdict.valueOf(words[1]), comment,
                TRIGGERED_BY, NOW);
        if (outcome instanceof GateOutcome.Refused<Gate> refused) {
            assertThat(refused.refusal().name()).isEqualTo(expected);
            assertThat(refused.reason()).isNotBlank();
        } else {
            assertThat(((GateOutcome.Decided<Gate>) outcome).next().stage().name()).isEqualTo(expected);
        }
    }

    @Test
    void everyDecisionIsKeptWithWhoWhenAndWhy() {
        Gate waiting = gate("AUDIT 2 of alice,bob,carol WAITING after alice:PASS");
        Gate denied = ((GateOutcome.Decided<Gate>) waiting.decide(new Actor("bob"), Verdict.DENY, "flaky tests",
                TRIGGERED_BY, NOW)).next();
        assertThat(denied.decisions()).containsExactly(
                new GateDecision("alice", Verdict.PASS, null, NOW.minusSeconds(60)),
                new GateDecision("bob", Verdict.DENY, "flaky tests", NOW));
        assertThat(denied.denial().comment()).isEqualTo("flaky tests");
    }

    @Test
    void aGateWaitsWhenReachedUnlessItWasDecidedBefore() {
        assertThat(gate("AUDIT 1 of alice PENDING").reached().stage()).isEqualTo(GateStatus.WAITING);
        assertThat(gate("AUDIT 1 of alice PASS after alice:PASS").reached().stage()).isEqualTo(GateStatus.PASS);
        assertThat(gate("AUDIT 1 of alice DENY after alice:DENY").reached().stage()).isEqualTo(GateStatus.DENY);
    }

    @Test
    void aDefinitionNeedsPeopleAndApprovalsTheyCanGive() {
        assertThat(Gate.shapeProblem(Gate.Kind.AUDIT, List.of(), 1)).contains("at least one auditor");
        assertThat(Gate.shapeProblem(Gate.Kind.CONFIRM, List.of(" "), 1)).contains("every checker needs a name");
        assertThat(Gate.shapeProblem(Gate.Kind.AUDIT, List.of("alice", "alice"), 2)).contains("between 1 and");
        assertThat(Gate.shapeProblem(Gate.Kind.AUDIT, List.of("alice", "bob"), 0)).contains("between 1 and");
        assertThat(Gate.shapeProblem(Gate.Kind.AUDIT, List.of("alice", "bob"), 2)).isNull();
    }

    private static Gate gate(String fixture) {
        String[] parts = fixture.split(" after ");
        String[] words = parts[0].split(" ");
        List<GateDecision> earlier = new ArrayList<>();
        if (parts.length > 1) {
            for (String decision : parts[1].split(",")) {
                String[] byAndVerdict = decision.split(":");
                Verdict verdict = Verdict.valueOf(byAndVerdict[1]);
                earlier.add(new GateDecision(byAndVerdict[0], verdict, verdict == Verdict.DENY ? "no" : null,
                        NOW.minusSeconds(60)));
            }
        }
        return new Gate(Gate.Kind.valueOf(words[0]), List.of(words[3].split(",")), Integer.parseInt(words[1]),
                words.length > 5 && words[5].equals("self"), GateStatus.valueOf(words[4]), earlier, null);
    }

    private static Arguments row(String behaviour, String gate, String decision, String expected) {
        return Arguments.of(behaviour, gate, decision, expected);
    }
}
