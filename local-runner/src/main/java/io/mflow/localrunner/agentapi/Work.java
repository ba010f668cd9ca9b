package io.mflow.localrunner.agentapi;

import io.mflow.localrunner.domain.KafkaLogin;
import java.util.List;

/**
 * An attempt handed to an agent, with what it needs to run it: the script, the params with sensitive values opened,
 * and the update token. {@code statusBaseUrl}, {@code kafkaBootstrapServers}: where the job reports its own status
 * (its environment); a runner-service older than them sends neither. {@code kafkaLogin}: how the job logs in to those
 * brokers (the reporter principal; null: no login). {@code timeoutMillis}: runner-service enforces it itself, by
 * telling the agent to stop the attempt.
 */
public record Work(String attemptId, String jobTaskId, String pipelineTaskId, String runnerSpec, List<Param> params,
                   String updateToken, Long timeoutMillis, String statusBaseUrl, String kafkaBootstrapServers,
                   KafkaLogin kafkaLogin) {

    /** From a runner-service that hands no broker login. */
    public Work(String attemptId, String jobTaskId, String pipelineTaskId, String runnerSpec, List<Param> params,
                String updateToken, Long timeoutMillis, String statusBaseUrl, String kafkaBootstrapServers) {
        this(attemptId, jobTaskId, pipelineTaskId, runnerSpec, params, updateToken, timeoutMillis, statusBaseUrl,
                kafkaBootstrapServers, null);
    }

    public record Param(String name, String value, boolean sensitive) {
    }
}
