package io.mflow.task.domain;

/**
 * The update token of one attempt of a job task, as mflow keeps and hands it out: its hash (all task-service keeps),
 * the token sealed for that attempt (what travels to its runner) and sealed as the task's
 * {@value RunParamSet#JOB_TASK_UPDATE_TOKEN} param (what its job is given). Each attempt gets its own, so the
 * token of an attempt that ended reports on no later one.
 *
 * @param hash null for none: no token matches it, so nothing can report on the attempt
 */
public record AttemptToken(int attempt, String hash, String sealed, String sealedParam) {

    @Override
    public String toString() {
        return "AttemptToken[attempt=" + attempt + "]";
    }
}
