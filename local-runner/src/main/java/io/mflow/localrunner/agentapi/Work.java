package io.mflow.localrunner.agentapi;

import java.util.List;

/**
 * An attempt handed to an agent, with what it needs to run it: the script, the params with sensitive values opened,
 * and the update token. {@code statusBaseUrl}, {@code kafkaBootstrapServers}: where the job reports its own status
 * (its environment); a runner-service older than them sends neither. {@code timeoutMillis}: runner-service enforces
 * it itself, by telling the agent to stop the attempt.
 */
public record Work(String attemptId, String jobTaskId, String pipelineTaskId, String runnerSpec, List<Param> params,
                   String updateToken, Long timeoutMillis, String statusBaseUrl, String kafkaBootstrapServers) {

    public record Param(String name, String value, boolean sensitive) {
    }
}
