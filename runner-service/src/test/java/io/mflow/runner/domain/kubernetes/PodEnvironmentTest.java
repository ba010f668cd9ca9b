package io.mflow.runner.domain.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.localrunner.domain.Param;
import io.mflow.localrunner.domain.KafkaLogin;
import io.mflow.localrunner.domain.StatusReporting;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodEnvironmentTest {

    @Test
    void upperCaseAndUnderscoreParamsBecomeVariablesAndSensitiveOnesComeFromTheSecret() {
        List<PodEnvironment.Entry> env = PodEnvironment.of(List.of(
                new Param("APP_VERSION", "1.2", false),
                new Param("DB_PASSWORD", "hunter2", true),
                new Param("_WORKLOAD_KIND", "deployment", false),
                new Param("git_ssh_secret", "key", false),
                new Param("not-a-variable", "x", false),
                new Param("_namespace", "builds", false),
                new Param("_kube_config", "prod", false)), "the-token", "jt-1", "pt-1", StatusReporting.DEFAULT);

        assertThat(env).extracting(PodEnvironment.Entry::name).containsExactly("APP_VERSION", "DB_PASSWORD",
                "_WORKLOAD_KIND", "MFLOW_JOB_TASK_ID", "MFLOW_UPDATE_TOKEN", "MFLOW_PIPELINE_TASK_ID",
                "MFLOW_STATUS_URL");
        assertThat(env).filteredOn(PodEnvironment.Entry::secret).extracting(PodEnvironment.Entry::name)
                .containsExactly("DB_PASSWORD", "MFLOW_UPDATE_TOKEN");
        assertThat(PodEnvironment.secretData(env)).containsOnly(
                org.assertj.core.api.Assertions.entry("DB_PASSWORD", "hunter2"),
                org.assertj.core.api.Assertions.entry("MFLOW_UPDATE_TOKEN", "the-token"));
        assertThat(env.toString()).doesNotContain("hunter2", "the-token");
    }

    @Test
    void aParamCannotPassItselfOffAsTheUpdateTokenOrTheTaskId() {
        List<PodEnvironment.Entry> env = PodEnvironment.of(List.of(
                new Param("MFLOW_UPDATE_TOKEN", "forged", false),
                new Param("MFLOW_JOB_TASK_ID", "jt-other", false),
                new Param("MFLOW_STATUS_URL", "http://evil", false)), "the-token", "jt-1", "jt-1",
                StatusReporting.DEFAULT);

        assertThat(env).containsExactly(new PodEnvironment.Entry("MFLOW_JOB_TASK_ID", "jt-1", false),
                new PodEnvironment.Entry("MFLOW_UPDATE_TOKEN", "the-token", true),
                new PodEnvironment.Entry("MFLOW_PIPELINE_TASK_ID", "jt-1", false),
                new PodEnvironment.Entry("MFLOW_STATUS_URL", "http://127.0.0.1:8080/api/v1/job-tasks/jt-1/status",
                        false));
    }

    @Test
    void aPodIsToldWhereToReportOverKafkaWhereTheOperatorOffersIt() {
        List<PodEnvironment.Entry> env = PodEnvironment.of(List.of(), "the-token", "jt-1", "pt-1",
                new StatusReporting("http://mflow.svc:8080", "kafka.svc:9092"));

        assertThat(env).contains(
                new PodEnvironment.Entry("MFLOW_STATUS_URL", "http://mflow.svc:8080/api/v1/job-tasks/jt-1/status",
                        false),
                new PodEnvironment.Entry("MFLOW_KAFKA_BOOTSTRAP_SERVERS", "kafka.svc:9092", false),
                new PodEnvironment.Entry("MFLOW_STATUS_TOPIC", "mflow.job-task-status-reports", false));
    }

    @Test
    void theBrokersPasswordReachesAPodThroughItsSecretOnly() {
        List<PodEnvironment.Entry> env = PodEnvironment.of(List.of(), "the-token", "jt-1", "pt-1",
                new StatusReporting("http://mflow.svc:8080", "kafka.svc:9092",
                        new KafkaLogin("SASL_PLAINTEXT", "SCRAM-SHA-256", "reporter", "s3cret")));

        assertThat(env).contains(new PodEnvironment.Entry("MFLOW_KAFKA_SASL_USERNAME", "reporter", false),
                new PodEnvironment.Entry("MFLOW_KAFKA_SASL_PASSWORD", "s3cret", true));
        assertThat(PodEnvironment.secretData(env)).containsEntry("MFLOW_KAFKA_SASL_PASSWORD", "s3cret");
    }
}
