package io.mflow.pipeline.domain;

import java.time.Duration;
import java.util.List;

/**
 * One job task of the plan, as task-service created it. The update token is sealed. {@code audited}: people approve
 * it before it runs; {@code confirmed}: people confirm its result before the run goes past it; {@code timeout}: how
 * long an attempt may run (null: no limit); {@code agentTags}: for an AGENT task, the tags its agent must carry;
 * {@code manualStatus}: its final status comes from an outside report, not from its process's exit (the runner needs
 * to know; the run waits for the task's final status as for any task).
 */
public record TaskPlan(String jobTaskId, String name, String jobName, String runnerType, String runnerSpec,
                       boolean ignoreFailed, boolean skip, RunParamSet params, String updateToken, boolean audited,
                       boolean confirmed, Duration timeout, List<String> agentTags, boolean manualStatus) {

    public TaskPlan {
        agentTags = agentTags == null ? List.of() : List.copyOf(agentTags);
    }

    /** This task as its current attempt runs: with that attempt's own update token. */
    public TaskPlan withUpdateToken(String sealedUpdateToken) {
        return new TaskPlan(jobTaskId, name, jobName, runnerType, runnerSpec, ignoreFailed, skip, params,
                sealedUpdateToken, audited, confirmed, timeout, agentTags, manualStatus);
    }

    public TaskPlan(String jobTaskId, String name, String jobName, String runnerType, String runnerSpec,
                    boolean ignoreFailed, boolean skip, RunParamSet params, String updateToken, boolean audited,
                    boolean confirmed, Duration timeout, List<String> agentTags) {
        this(jobTaskId, name, jobName, runnerType, runnerSpec, ignoreFailed, skip, params, updateToken, audited,
                confirmed, timeout, agentTags, false);
    }

    public TaskPlan(String jobTaskId, String name, String jobName, String runnerType, String runnerSpec,
                    boolean ignoreFailed, boolean skip, RunParamSet params, String updateToken, boolean audited,
                    boolean confirmed, Duration timeout) {
        this(jobTaskId, name, jobName, runnerType, runnerSpec, ignoreFailed, skip, params, updateToken, audited,
                confirmed, timeout, List.of());
    }

    public TaskPlan(String jobTaskId, String name, String jobName, String runnerType, String runnerSpec,
                    boolean ignoreFailed, boolean skip, RunParamSet params, String updateToken, boolean audited,
                    boolean confirmed) {
        this(jobTaskId, name, jobName, runnerType, runnerSpec, ignoreFailed, skip, params, updateToken, audited,
                confirmed, null);
    }
}
