package io.mflow.task.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a job task runs and where it stands in its run: set when it is created, and only its {@code params} change
 * (a person's retry lays new values over them) and its update token's hash (each attempt has its own token, and only
 * the current attempt's hash is kept).
 *
 * @param pipelineTaskId null, as {@code pipelineId} and {@code stageName}, for a job run on its own
 * @param manualStatus   its job's final stage comes from an outside report (whoever holds the update token), not
 *                       from its process's exit
 * @param retry          when mflow starts the next attempt by itself
 * @param labels         from its run
 * @param jobVersion     the version of its job it runs, resolved when its run started; null for one created before
 *                       versions
 * @param warnings       what its caller should know about what it runs (its job version is deprecated)
 */
public record JobTaskPlan(String name, String jobName, String pipelineTaskId, String pipelineId, String stageName,
                          List<RunParam> params, boolean ignoreFailed, boolean skip, boolean manualStatus,
                          RetryPolicy retry, Map<String, String> labels, String triggeredBy, String tokenHash,
                          Instant createdAt, String jobVersion, List<String> warnings) {

    public JobTaskPlan {
        params = List.copyOf(params);
        retry = retry == null ? RetryPolicy.DEFAULT : retry;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    public JobTaskPlan(String name, String jobName, String pipelineTaskId, String pipelineId, String stageName,
                       List<RunParam> params, boolean ignoreFailed, boolean skip, boolean manualStatus,
                       RetryPolicy retry, Map<String, String> labels, String triggeredBy, String tokenHash,
                       Instant createdAt) {
        this(name, jobName, pipelineTaskId, pipelineId, stageName, params, ignoreFailed, skip, manualStatus, retry,
                labels, triggeredBy, tokenHash, createdAt, null, List.of());
    }

    public JobTaskPlan withParams(List<RunParam> next) {
        return new JobTaskPlan(name, jobName, pipelineTaskId, pipelineId, stageName, next, ignoreFailed, skip,
                manualStatus, retry, labels, triggeredBy, tokenHash, createdAt, jobVersion, warnings);
    }

    public JobTaskPlan withLabels(Map<String, String> next) {
        return new JobTaskPlan(name, jobName, pipelineTaskId, pipelineId, stageName, params, ignoreFailed, skip,
                manualStatus, retry, next, triggeredBy, tokenHash, createdAt, jobVersion, warnings);
    }

    /** The plan of the next attempt: its params, and the hash of its own update token (the last one's is dropped). */
    public JobTaskPlan forNextAttempt(List<RunParam> next, String nextTokenHash) {
        return new JobTaskPlan(name, jobName, pipelineTaskId, pipelineId, stageName, next, ignoreFailed, skip,
                manualStatus, retry, labels, triggeredBy, nextTokenHash, createdAt, jobVersion, warnings);
    }

    /** The token of the current attempt only: an ended attempt's token matches no hash kept. */
    public boolean acceptsToken(String plainToken) {
        return UpdateTokens.matches(plainToken, tokenHash);
    }

    /** What a reader may see of the params. */
    public List<RunParam> maskedParams() {
        return params.stream().map(RunParam::masked).toList();
    }
}
