package io.mflow.pipeline.domain;

/**
 * One job task of the plan, as task-service created it. The update token is sealed. {@code audited}: people approve
 * it before it runs; {@code confirmed}: people confirm its result before the run goes past it.
 */
public record TaskPlan(String jobTaskId, String name, String jobName, String runnerType, String runnerSpec,
                       boolean ignoreFailed, boolean skip, RunParamSet params, String updateToken, boolean audited,
                       boolean confirmed) {
}
