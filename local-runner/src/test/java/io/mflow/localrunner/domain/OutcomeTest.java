package io.mflow.localrunner.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OutcomeTest {

    @Test
    void exitCodeZeroSucceedsWithTheOutputs() {
        Outcome outcome = Outcome.ofExit(0, "noise", Map.of("VERSION", "1.2"));

        assertThat(outcome.stage()).isEqualTo(ReportStage.SUCCEEDED);
        assertThat(outcome.message()).isNull();
        assertThat(outcome.outputs()).containsEntry("VERSION", "1.2");
    }

    @Test
    void aJobThatWritesMoreOutputsThanArePassedOnFailsSayingWhichLimitItPassed() {
        Map<String, String> many = new java.util.HashMap<>();
        for (int i = 0; i <= OutputFile.MAX_KEYS; i++) {
            many.put("K" + i, "v");
        }
        Outcome tooMany = Outcome.ofExit(0, "", many);
        assertThat(tooMany.stage()).isEqualTo(ReportStage.FAILED);
        assertThat(tooMany.message()).isEqualTo("the job wrote 101 outputs; at most 100 are passed on");
        assertThat(tooMany.outputs()).isEmpty();
        assertThat(tooMany.exitCode()).isZero();

        Outcome tooLarge = Outcome.ofExit(0, "", Map.of("BIG", "x".repeat(64 * 1024)));
        assertThat(tooLarge.stage()).isEqualTo(ReportStage.FAILED);
        assertThat(tooLarge.message()).isEqualTo("the job's outputs take 65539 bytes; at most 64 KiB are passed on");

        assertThat(Outcome.ofExit(0, "", Map.of("BIG", "x".repeat(64 * 1024 - 3))).stage())
                .as("right at the limit").isEqualTo(ReportStage.SUCCEEDED);
    }

    @Test
    void anyOtherExitCodeFailsAndSaysWhichWithTheEndOfTheLog() {
        Outcome outcome = Outcome.ofExit(3, "compiling\nerror: no such file\n", Map.of());

        assertThat(outcome.stage()).isEqualTo(ReportStage.FAILED);
        assertThat(outcome.message()).isEqualTo("exit code 3\ncompiling\nerror: no such file");
    }

    @Test
    void theLogTailInAFailureMessageIsCapped() {
        Outcome outcome = Outcome.ofExit(1, "x".repeat(5000) + "END", Map.of());

        assertThat(outcome.message()).startsWith("exit code 1\n").endsWith("END");
        assertThat(outcome.message().length()).isLessThanOrEqualTo("exit code 1\n".length() + Outcome.MAX_TAIL_CHARS);
    }

    @Test
    void aProcessGoneWithoutAnExitCodeIsLost() {
        assertThat(Outcome.lost().stage()).isEqualTo(ReportStage.FAILED);
        assertThat(Outcome.lost().message()).isEqualTo("execution lost");
        assertThat(Outcome.lost().executionLost()).isTrue();
        assertThat(Outcome.lost().masking(java.util.List.of("x")).executionLost()).as("kept when masked").isTrue();
        assertThat(Outcome.failed("exit 1").executionLost()).isFalse();
    }

    @Test
    void secretsInTheLogTailAreMaskedButOutputsAreNot() {
        Outcome outcome = Outcome.ofExit(1, "login with hunter2 failed", Map.of("PW", "hunter2"));

        Outcome masked = outcome.masking(java.util.Arrays.asList("hunter2", null, ""));

        assertThat(masked.message()).isEqualTo("exit code 1\nlogin with ****** failed");
        assertThat(masked.outputs()).containsEntry("PW", "hunter2");
    }
}
