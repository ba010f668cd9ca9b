package io.mflow.task.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Where a job's audit meets the audit a pipeline's task or a single run declares: it adds, it never takes away. */
class AuditsTest {

    private static final Instant NOW = Instant.parse("2026-12-07T01:00:00Z");

    private static Pipeline.GateDefinition audit(int approvals, boolean allowSelf, String... people) {
        return new Pipeline.GateDefinition(Gate.Kind.AUDIT, List.of(people), approvals, allowSelf);
    }

    /** The gate, its turn come, after these people passed it in this order (who started the run: vera). */
    private static String afterPasses(Gate gate, String... people) {
        gate = gate.reached();
        for (String who : people) {
            GateOutcome<Gate> outcome = gate.decide(new Actor(who), Verdict.PASS, null, "vera", "sha256:x", NOW);
            if (outcome instanceof GateOutcome.Refused<Gate> refused) {
                return "refused: " + refused.refusal();
            }
            gate = ((GateOutcome.Decided<Gate>) outcome).next();
        }
        return gate.stage().name();
    }

    static Stream<Arguments> rows() {
        Pipeline.GateDefinition jobTwoOfAliceBob = audit(2, false, "alice", "bob");
        Pipeline.GateDefinition taskOneOfMallory = audit(1, false, "mallory");
        Pipeline.GateDefinition taskOneOfAlice = audit(1, false, "alice");
        return Stream.of(
                Arguments.of("neither declares one: no audit", null, null, new String[0], null),
                Arguments.of("only the task's: the task's", null, taskOneOfMallory, new String[]{"mallory"}, "PASS"),
                Arguments.of("only the job's: the job's", jobTwoOfAliceBob, null, new String[]{"alice", "bob"}, "PASS"),
                Arguments.of("the job's alone holds with one of its two approvals", jobTwoOfAliceBob, null,
                        new String[]{"alice"}, "WAITING"),
                Arguments.of("a weaker task audit (1 of mallory) does not let the task's auditor stand in for the"
                        + " job's", jobTwoOfAliceBob, taskOneOfMallory, new String[]{"mallory", "alice"}, "WAITING"),
                Arguments.of("the job's two approvals do not open it without the task's own", jobTwoOfAliceBob,
                        taskOneOfMallory, new String[]{"alice", "bob"}, "WAITING"),
                Arguments.of("both quorums met: it opens", jobTwoOfAliceBob, taskOneOfMallory,
                        new String[]{"alice", "mallory", "bob"}, "PASS"),
                Arguments.of("a task listing fewer of the job's auditors still needs the job's number",
                        jobTwoOfAliceBob, taskOneOfAlice, new String[]{"alice"}, "WAITING"),
                Arguments.of("someone listed in both counts for both", jobTwoOfAliceBob, taskOneOfAlice,
                        new String[]{"alice", "bob"}, "PASS"),
                Arguments.of("someone the task does not list and the job does not either may not decide",
                        jobTwoOfAliceBob, taskOneOfMallory, new String[]{"trent"}, "refused: FORBIDDEN"),
                Arguments.of("a task cannot allow who started the run to approve what the job's four eyes forbid",
                        audit(1, false, "vera", "bob"), audit(1, true, "vera"), new String[]{"vera"},
                        "refused: FORBIDDEN"),
                Arguments.of("who started it approves only where job and task both allow it",
                        audit(1, true, "vera"), audit(1, true, "vera"), new String[]{"vera"}, "PASS"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void aTaskAddsToItsJobsAuditAndNeverWeakensIt(String behaviour, Pipeline.GateDefinition ofJob,
                                                  Pipeline.GateDefinition declared, String[] passes, String expected) {
        Gate gate = Audits.ofRun(ofJob, declared, false);

        if (expected == null) {
            assertThat(gate).isNull();
        } else {
            assertThat(afterPasses(gate, passes)).isEqualTo(expected);
        }
    }

    @Test
    void theMergedAuditListsEveryAuditorOnceAndTheLargerNumber() {
        Gate gate = Audits.ofRun(audit(2, false, "alice", "bob"), audit(1, false, "bob", "mallory"), false);

        assertThat(gate.people()).containsExactly("alice", "bob", "mallory");
        assertThat(gate.approvals()).isEqualTo(2);
        assertThat(gate.quorums()).containsExactly(new Gate.Quorum(List.of("alice", "bob"), 2),
                new Gate.Quorum(List.of("bob", "mallory"), 1));
        assertThat(gate.stage()).isEqualTo(GateStatus.PENDING);
    }

    @Test
    void aDryRunPassesTheMergedAuditSayingWhomItWouldHaveWaitedFor() {
        Gate gate = Audits.ofRun(audit(1, false, "alice"), audit(1, false, "mallory"), true);

        assertThat(gate.stage()).isEqualTo(GateStatus.PASS);
        assertThat(gate.note()).isEqualTo("dry run: would wait for alice, mallory");
    }

    @Test
    void theSameInputGivesTheSameAudit() {
        assertThat(Audits.ofRun(audit(2, false, "alice", "bob"), audit(1, false, "mallory"), false))
                .isEqualTo(Audits.ofRun(audit(2, false, "alice", "bob"), audit(1, false, "mallory"), false));
    }
}
