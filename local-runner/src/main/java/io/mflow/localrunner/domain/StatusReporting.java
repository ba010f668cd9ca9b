package io.mflow.localrunner.domain;

/**
 * Where a job reports its own status, as its environment tells it: always the REST status URL of its job task
 * (under {@code statusBaseUrl}, task-service's public address), and the broker to produce reports to only where
 * the operator allows reports over Kafka ({@code kafkaBootstrapServers}; null: not offered), with the login that broker
 * wants ({@code kafkaLogin}; null: none).
 */
public record StatusReporting(String statusBaseUrl, String kafkaBootstrapServers, KafkaLogin kafkaLogin) {

    /** task-service on the same machine, as the embedded engine and docker-compose's defaults have it. */
    public static final String DEFAULT_BASE_URL = "http://127.0.0.1:8080";
    public static final StatusReporting DEFAULT = new StatusReporting(DEFAULT_BASE_URL, null, null);
    /** The topic task-service reads reports from ({@code Topics.JOB_TASK_STATUS_REPORTS} in the contract). */
    public static final String STATUS_TOPIC = "mflow.job-task-status-reports";

    public StatusReporting {
        statusBaseUrl = statusBaseUrl == null || statusBaseUrl.isBlank() ? DEFAULT_BASE_URL
                : statusBaseUrl.strip().replaceAll("/+$", "");
        kafkaBootstrapServers = kafkaBootstrapServers == null || kafkaBootstrapServers.isBlank() ? null
                : kafkaBootstrapServers.strip();
        kafkaLogin = kafkaBootstrapServers == null ? null : kafkaLogin;
    }

    /** A broker that wants no login. */
    public StatusReporting(String statusBaseUrl, String kafkaBootstrapServers) {
        this(statusBaseUrl, kafkaBootstrapServers, null);
    }

    /** {@code <base>/api/v1/job-tasks/<id>/status}: where a job POSTs its report with its update token. */
    public String statusUrlOf(String jobTaskId) {
        return statusBaseUrl + "/api/v1/job-tasks/" + jobTaskId + "/status";
    }

    public boolean offersKafka() {
        return kafkaBootstrapServers != null;
    }
}
