package io.mflow.task.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.platform.change.Change;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each attempt of a job task has its own update token: a retry issues one, and the ended attempt's stops counting. */
class JobTaskAttemptTokenTest {

    private static final Instant NOW = Instant.parse("2026-12-07T01:00:00Z");
    private static final AttemptTokens NUMBERED = (jobTaskId, attempt) -> new AttemptToken(attempt,
            UpdateTokens.hash("token-" + attempt), "sealed-token-" + attempt, "sealed-param-" + attempt);
    private static final List<RunParam> PARAMS = List.of(new RunParam("GOAL", "deploy", false, false, false, null),
            new RunParam(RunParamSet.JOB_TASK_UPDATE_TOKEN, "sealed-param-1", true, true, true, "set by mflow"));

    private static JobTask firstAttemptIn(Status stage, RetryPolicy policy) {
        return new JobTask("jt-1", new JobTaskPlan("build", "compile", "pt-1", "pl-1", "ci", PARAMS, false, false,
                false, policy, Map.of(), "vera", UpdateTokens.hash("token-1"), NOW),
                new Attempt(stage, null, Map.of(), NOW, null, null, null, false, null, Map.of()), Gates.NONE,
                JobTaskHistory.NONE);
    }

    @Test
    void aRetryGivesTheNewAttemptItsOwnTokenAndTheEndedAttemptsTokenNoLongerMatches() {
        JobTask failed = firstAttemptIn(Status.FAILED, null);
        assertThat(failed.acceptsToken("token-1")).isTrue();

        Change.Moved<JobTask, JobTaskEvent> retry = (Change.Moved<JobTask, JobTaskEvent>) failed.retry(
                new Actor("alice"), PARAMS, "flaky", NOW, NUMBERED);

        JobTask second = retry.next();
        assertThat(second.attempt()).isEqualTo(2);
        assertThat(second.acceptsToken("token-2")).isTrue();
        assertThat(second.acceptsToken("token-1")).as("the ended attempt's token").isFalse();
        assertThat(second.plan().params()).extracting(RunParam::value).containsExactly("deploy", "sealed-param-2");
        assertThat(retry.events().get(0)).isInstanceOfSatisfying(JobTaskEvent.Retried.class, retried -> {
            assertThat(retried.attempt()).isEqualTo(2);
            assertThat(retried.sealedUpdateToken()).isEqualTo("sealed-token-2");
            assertThat(retried.params()).extracting(RunParam::value).containsExactly("deploy", "sealed-param-2");
        });
    }

    @Test
    void aRetryByItsPolicyGivesTheNewAttemptItsOwnTokenToo() {
        RetryPolicy onFailure = new RetryPolicy(2, Duration.ZERO, 1, EnumSet.of(RetryPolicy.Cause.FAILED));
        JobTask active = firstAttemptIn(Status.ACTIVE, onFailure);

        Change.Moved<JobTask, JobTaskEvent> failed = (Change.Moved<JobTask, JobTaskEvent>) active.moveTo(
                Status.FAILED, new StatusReport("r-1", Status.FAILED, "exit 1", Map.of(), NOW, 1, false, 1, null),
                NUMBERED);

        assertThat(failed.next().attempt()).isEqualTo(2);
        assertThat(failed.next().acceptsToken("token-2")).isTrue();
        assertThat(failed.next().acceptsToken("token-1")).isFalse();
        assertThat(failed.events().get(0)).isInstanceOfSatisfying(JobTaskEvent.Retried.class,
                retried -> assertThat(retried.sealedUpdateToken()).isEqualTo("sealed-token-2"));
    }

    @Test
    void anAttemptStartedWithoutATokenIssuerHasNoTokenAnyReportCouldHold() {
        JobTask second = ((Change.Moved<JobTask, JobTaskEvent>) firstAttemptIn(Status.FAILED, null)
                .retry(new Actor("alice"), PARAMS, null, NOW)).next();

        assertThat(second.acceptsToken("token-1")).isFalse();
        assertThat(second.acceptsToken("")).isFalse();
        assertThat(second.plan().tokenHash()).isNull();
    }
}
