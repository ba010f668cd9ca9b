package io.mflow.task.domain;

/** Issues the update token of a job task's next attempt: random, so it is made outside the domain. */
@FunctionalInterface
public interface AttemptTokens {

    /**
     * Issues none: an attempt started with it has no token, so no report can move it. What a change that cannot
     * start an attempt (or a test of one) is given.
     */
    AttemptTokens NONE = (jobTaskId, attempt) -> new AttemptToken(attempt, null, null, null);

    AttemptToken issue(String jobTaskId, int attempt);
}
