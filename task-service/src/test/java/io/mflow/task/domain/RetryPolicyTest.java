package io.mflow.task.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryPolicyTest {

    private static final Set<RetryPolicy.Cause> BOTH = EnumSet.allOf(RetryPolicy.Cause.class);

    @ParameterizedTest(name = "retry {0} of a {1}: {2}")
    @CsvSource(nullValues = "none", textBlock = """
            1, FAILED, none
            1, LOST,   PT0S
            2, LOST,   PT0S
            3, LOST,   none
            """)
    void byDefaultALostExecutionIsRetriedTwiceAtOnceAndAFailureNever(int retry, RetryPolicy.Cause cause,
                                                                     String wait) {
        assertThat(RetryPolicy.DEFAULT.backoffBefore(retry, cause).map(Duration::toString).orElse(null))
                .isEqualTo(wait);
    }

    @ParameterizedTest(name = "retry {0}: wait {1}")
    @CsvSource(nullValues = "none", textBlock = """
            1, PT5S
            2, PT10S
            3, PT20S
            4, none
            """)
    void theBackOffGrowsByTheMultiplierUpToTheLimit(int retry, String wait) {
        RetryPolicy policy = new RetryPolicy(3, Duration.ofSeconds(5), 2, BOTH);
        assertThat(policy.backoffBefore(retry, RetryPolicy.Cause.FAILED).map(Duration::toString).orElse(null))
                .isEqualTo(wait);
    }

    @Test
    void theBackOffNeverGrowsPastAnHour() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofMinutes(30), 10, BOTH);
        assertThat(policy.backoffBefore(5, RetryPolicy.Cause.LOST)).hasValue(Duration.ofHours(1));
    }

    @Test
    void aPolicyOutOfBoundsIsExplainedFieldByField() {
        assertThat(new RetryPolicy(11, Duration.ofHours(2), 0.5, Set.of()).problems("stages[0].tasks[1].retry"))
                .containsExactly("stages[0].tasks[1].retry.limit must be between 0 and 10, not 11",
                        "stages[0].tasks[1].retry.backoff must be between PT0S and PT1H, not PT2H",
                        "stages[0].tasks[1].retry.multiplier must be between 1 and 10, not 0.5",
                        "stages[0].tasks[1].retry.on must name FAILED, LOST or both");
        assertThat(new RetryPolicy(0, null, 1, BOTH).problems("retry")).isEmpty();
    }

    @Test
    void theJobsPolicyIsTheDefaultAndATasksOwnReplacesIt() {
        RetryPolicy jobs = new RetryPolicy(1, Duration.ZERO, 1, BOTH);
        RetryPolicy tasks = new RetryPolicy(3, Duration.ofSeconds(1), 2, EnumSet.of(RetryPolicy.Cause.FAILED));
        Job job = new Job("job-1", "build", "LOCAL", "true", java.util.List.of(), null, null, null, jobs);
        assertThat(job.retryOf(null)).isEqualTo(jobs);
        assertThat(job.retryOf(tasks)).isEqualTo(tasks);
        Job plain = new Job("job-2", "lint", "LOCAL", "true", java.util.List.of(), null, null, null, null);
        assertThat(plain.retryOf(null)).isEqualTo(RetryPolicy.DEFAULT);
    }
}
