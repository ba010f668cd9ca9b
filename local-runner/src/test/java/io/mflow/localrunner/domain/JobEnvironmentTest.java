package io.mflow.localrunner.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.localrunner.domain.KafkaLogin;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobEnvironmentTest {

    private static final Map<String, String> RUNNER_ENV = Map.of(
            "PATH", "/usr/bin:/bin", "HOME", "/home/runner", "LANG", "C.UTF-8",
            "MFLOW_SECRET_KEY", "runner-secret", "AWS_SECRET_ACCESS_KEY", "aws");

    private static Map<String, String> env(Param... params) {
        return JobEnvironment.of(RUNNER_ENV, List.of(params), "/w/output", "token-1", "jt-1");
    }

    @Test
    void paramsWithValidNamesBecomeVariables() {
        assertThat(env(new Param("GIT_BRANCH", "main", false), new Param("_x1", "y", false)))
                .containsEntry("GIT_BRANCH", "main")
                .containsEntry("_x1", "y");
    }

    @Test
    void paramsWhoseNamesAShellCannotSeeAreLeftOut() {
        assertThat(env(new Param("git-branch", "main", false), new Param("1ABC", "x", false),
                new Param("A.B", "x", false), new Param(null, "x", false)))
                .doesNotContainKeys("git-branch", "1ABC", "A.B");
    }

    @Test
    void theRunnersOwnSecretsAreNotInherited() {
        assertThat(env()).doesNotContainKeys("MFLOW_SECRET_KEY", "AWS_SECRET_ACCESS_KEY")
                .containsEntry("PATH", "/usr/bin:/bin")
                .containsEntry("HOME", "/home/runner")
                .containsEntry("LANG", "C.UTF-8");
    }

    @Test
    void mflowProvidesTheOutputFileTheTokenAndTheJobTaskId() {
        assertThat(env())
                .containsEntry("MFLOW_OUTPUT", "/w/output")
                .containsEntry("MFLOW_UPDATE_TOKEN", "token-1")
                .containsEntry("MFLOW_JOB_TASK_ID", "jt-1");
    }

    @Test
    void aParamCannotOverrideWhatMflowProvides() {
        assertThat(env(new Param("MFLOW_OUTPUT", "/etc/passwd", false))).containsEntry("MFLOW_OUTPUT", "/w/output");
    }

    @Test
    void aParamWithoutAValueIsAnEmptyVariable() {
        assertThat(env(new Param("EMPTY", null, false))).containsEntry("EMPTY", "");
    }

    @Test
    void aJobIsToldItsStatusUrlAndTheKeyOfItsReportsButNotKafkaUnlessOffered() {
        Map<String, String> env = JobEnvironment.of(RUNNER_ENV, List.of(), "/w/output", "token-1", "jt-1", "pt-1",
                new StatusReporting("https://mflow.example/", null));

        assertThat(env).containsEntry("MFLOW_STATUS_URL", "https://mflow.example/api/v1/job-tasks/jt-1/status")
                .containsEntry("MFLOW_PIPELINE_TASK_ID", "pt-1")
                .containsEntry("MFLOW_JOB_TASK_ID", "jt-1")
                .containsEntry("MFLOW_UPDATE_TOKEN", "token-1")
                .doesNotContainKeys("MFLOW_KAFKA_BOOTSTRAP_SERVERS", "MFLOW_STATUS_TOPIC");
    }

    @Test
    void whereTheOperatorOffersKafkaAJobIsToldTheBrokerAndTheTopic() {
        Map<String, String> env = JobEnvironment.of(RUNNER_ENV, List.of(), "/w/output", "token-1", "jt-1", "jt-1",
                new StatusReporting(null, "127.0.0.1:9092"));

        assertThat(env).containsEntry("MFLOW_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")
                .containsEntry("MFLOW_STATUS_TOPIC", "mflow.job-task-status-reports")
                .containsEntry("MFLOW_STATUS_URL", "http://127.0.0.1:8080/api/v1/job-tasks/jt-1/status")
                .containsEntry("MFLOW_PIPELINE_TASK_ID", "jt-1");
    }

    @Test
    void whereTheBrokerWantsALoginAJobIsHandedTheReportersAndAParamCannotReplaceIt() {
        Map<String, String> env = JobEnvironment.of(RUNNER_ENV,
                List.of(new Param("MFLOW_KAFKA_SASL_USERNAME", "task-service", false)), "/w/output", "token-1",
                "jt-1", "pt-1", new StatusReporting(null, "127.0.0.1:9092",
                        new KafkaLogin("SASL_PLAINTEXT", "SCRAM-SHA-256", "reporter", "s3cret")));

        assertThat(env).containsEntry("MFLOW_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
                .containsEntry("MFLOW_KAFKA_SASL_MECHANISM", "SCRAM-SHA-256")
                .containsEntry("MFLOW_KAFKA_SASL_USERNAME", "reporter")
                .containsEntry("MFLOW_KAFKA_SASL_PASSWORD", "s3cret");
        assertThat(new KafkaLogin("SASL_PLAINTEXT", "SCRAM-SHA-256", "reporter", "s3cret").toString())
                .doesNotContain("s3cret");
        assertThat(new StatusReporting(null, null, new KafkaLogin("p", "m", "reporter", "s3cret")).kafkaLogin())
                .as("no broker offered, no login handed").isNull();
    }

    @Test
    void aParamCannotRedirectWhereTheJobReports() {
        Map<String, String> env = JobEnvironment.of(RUNNER_ENV,
                List.of(new Param("MFLOW_STATUS_URL", "http://evil", false),
                        new Param("MFLOW_PIPELINE_TASK_ID", "pt-other", false)),
                "/w/output", "token-1", "jt-1", "pt-1", StatusReporting.DEFAULT);

        assertThat(env).containsEntry("MFLOW_STATUS_URL", "http://127.0.0.1:8080/api/v1/job-tasks/jt-1/status")
                .containsEntry("MFLOW_PIPELINE_TASK_ID", "pt-1");
    }
}
