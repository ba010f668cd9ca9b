package io.mflow.localrunner.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The environment a job's script sees: a sane base taken from the runner's own environment (so the runner's
 * secrets are not inherited), the job's params, then the variables mflow itself provides, which a param cannot
 * override.
 */
public final class JobEnvironment {

    public static final String OUTPUT = "MFLOW_OUTPUT";
    public static final String UPDATE_TOKEN = "MFLOW_UPDATE_TOKEN";
    public static final String JOB_TASK_ID = "MFLOW_JOB_TASK_ID";
    /** The record key of its reports: the pipeline task id, or the job task id for a task outside a pipeline. */
    public static final String PIPELINE_TASK_ID = "MFLOW_PIPELINE_TASK_ID";
    /** Where to POST a status report over REST: always given. */
    public static final String STATUS_URL = "MFLOW_STATUS_URL";
    /** Given only where the operator allows reports over Kafka. */
    public static final String KAFKA_BOOTSTRAP_SERVERS = "MFLOW_KAFKA_BOOTSTRAP_SERVERS";
    public static final String STATUS_TOPIC = "MFLOW_STATUS_TOPIC";
    /** Given with the brokers when they want a login (the reporter principal's): Kafka's client settings. */
    public static final String KAFKA_SECURITY_PROTOCOL = "MFLOW_KAFKA_SECURITY_PROTOCOL";
    public static final String KAFKA_SASL_MECHANISM = "MFLOW_KAFKA_SASL_MECHANISM";
    public static final String KAFKA_SASL_USERNAME = "MFLOW_KAFKA_SASL_USERNAME";
    public static final String KAFKA_SASL_PASSWORD = "MFLOW_KAFKA_SASL_PASSWORD";
    /** What mflow itself sets: no param overrides them. */
    public static final Set<String> MFLOW_OWN = Set.of(OUTPUT, UPDATE_TOKEN, JOB_TASK_ID, PIPELINE_TASK_ID, STATUS_URL,
            KAFKA_BOOTSTRAP_SERVERS, STATUS_TOPIC, KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME,
            KAFKA_SASL_PASSWORD);
    /** Of the reporting variables, those that are secrets: a K8S_JOB's reach its pod through its Secret. */
    public static final Set<String> SECRET_REPORTING_VARIABLES = Set.of(KAFKA_SASL_PASSWORD);

    static final Set<String> INHERITED = Set.of("PATH", "HOME", "LANG");

    private JobEnvironment() {
    }

    /** {@code openedParams} must already hold plain values. */
    public static Map<String, String> of(Map<String, String> runnerEnvironment, List<Param> openedParams,
            String outputFile, String updateToken, String jobTaskId) {
        return of(runnerEnvironment, openedParams, outputFile, updateToken, jobTaskId, jobTaskId,
                StatusReporting.DEFAULT);
    }

    /** @param reportKey the pipeline task id, or the job task id outside a pipeline ({@link ShellAttempt#reportKey}) */
    public static Map<String, String> of(Map<String, String> runnerEnvironment, List<Param> openedParams,
            String outputFile, String updateToken, String jobTaskId, String reportKey, StatusReporting reporting) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : INHERITED) {
            String value = runnerEnvironment.get(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        for (Param param : openedParams) {
            if (param.isEnvVariable()) {
                env.put(param.name(), param.value() == null ? "" : param.value());
            }
        }
        env.put(OUTPUT, outputFile);
        env.put(UPDATE_TOKEN, updateToken);
        env.put(JOB_TASK_ID, jobTaskId);
        env.putAll(reportingVariables(jobTaskId, reportKey, reporting));
        return env;
    }

    /** Where and how the job may report its own status (a manualStatus job must): the same for every runner. */
    public static Map<String, String> reportingVariables(String jobTaskId, String reportKey, StatusReporting reporting) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(PIPELINE_TASK_ID, reportKey);
        env.put(STATUS_URL, reporting.statusUrlOf(jobTaskId));
        if (reporting.offersKafka()) {
            env.put(KAFKA_BOOTSTRAP_SERVERS, reporting.kafkaBootstrapServers());
            env.put(STATUS_TOPIC, StatusReporting.STATUS_TOPIC);
            KafkaLogin login = reporting.kafkaLogin();
            if (login != null) {
                env.put(KAFKA_SECURITY_PROTOCOL, login.securityProtocol());
                env.put(KAFKA_SASL_MECHANISM, login.saslMechanism());
                env.put(KAFKA_SASL_USERNAME, login.username());
                env.put(KAFKA_SASL_PASSWORD, login.password());
            }
        }
        return env;
    }
}
