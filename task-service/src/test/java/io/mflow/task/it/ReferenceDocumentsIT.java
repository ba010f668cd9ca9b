package io.mflow.task.it;

import static io.mflow.task.it.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The reference's job and pipeline documents, as its repository ships them, through task-service's REST API: defined
 * from YAML and from snake_case JSON, answered with what has no effect, exported as YAML and defined again from it.
 */
class ReferenceDocumentsIT extends TaskServiceHarness {

    @Test
    void theReferencesJobsAndPipelineAreDefinedFromTheirYamlAndExportedBackUnchanged() {
        Response build = postAs("/api/v1/jobs", "application/yaml", resource("docker_build.yml"));
        Response deploy = postAs("/api/v1/jobs", "application/x-yaml", resource("docker_deploy.yml"));
        assertThat(build.status()).as(build.body()).isEqualTo(201);
        assertThat(deploy.status()).as(deploy.body()).isEqualTo(201);
        assertThat(build.json().path("namespace").asString()).isEqualTo("default");
        assertThat(build.json().path("version").asString()).isEqualTo("v1");
        assertThat(build.json().path("runnerType").asString()).isEqualTo("K8S_JOB");
        assertThat(build.json().path("labels").path("Language").asString()).isEqualTo("*");
        assertThat(build.json().path("labels").path("namespace").asString()).as("a searchLabel param's default")
                .isEqualTo("default");
        assertThat(build.json().path("warnings").toString()).contains("display_name: mflow shows a job by its name",
                "run_params.params[6].usage_type");

        Response pipeline = postAs("/api/v1/pipelines", "application/yaml", resource("image_build_deploy.yml"));

        assertThat(pipeline.status()).as(pipeline.body()).isEqualTo(201);
        assertThat(pipeline.json().path("description").asString()).isEqualTo("基于容器镜像的构建部署流水线");
        assertThat(pipeline.json().at("/stages/0/tasks/0/job").asString()).isEqualTo("docker_build:v1");
        assertThat(pipeline.json().path("warnings").size()).isEqualTo(2);
        String id = pipeline.json().path("id").asString();

        Response exported = getAs("/api/v1/pipelines/" + id, "application/yaml");
        assertThat(exported.status()).isEqualTo(200);
        assertThat(exported.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/yaml");
        assertThat(exported.body()).contains("name: image_build_deploy", "description: 基于容器镜像的构建部署流水线",
                "job_name: docker_build@default.default:v1", "${GIT_BRANCH}", "task_name: 容器镜像构建");
        Response again = postAs("/api/v1/pipelines", "application/yaml",
                exported.body().replace("name: image_build_deploy", "name: image_build_deploy_again"));
        assertThat(again.status()).as(again.body()).isEqualTo(201);
        assertThat(again.json().path("stages")).isEqualTo(pipeline.json().path("stages"));
        assertThat(again.json().has("warnings")).as("an export carries nothing without effect").isFalse();

        Response job = getAs("/api/v1/jobs/" + build.json().path("id").asString(), "application/yaml");
        assertThat(job.body()).contains("name: docker_build", "runner_type: K8S_JOB", "value_type: ENUM",
                "search_label: true", "is_sensitive: true", "runner_spec: |");
        Response jobAgain = postAs("/api/v1/jobs", "application/yaml", job.body());
        assertThat(jobAgain.status()).as("the same version, the same definition: no change; " + jobAgain.body())
                .isEqualTo(200);
        assertThat(get("/api/v1/jobs/" + build.json().path("id").asString()).json().has("warnings")).isFalse();
    }

    @Test
    void snakeCaseJsonIsTheReferencesToo() {
        Response job = post("/api/v1/jobs", json(Map.of("name", "snake-job", "runner_type", "LOCAL",
                "runner_spec", "echo $GREETING", "manual_update_status", false, "run_params", Map.of("params",
                        List.of(Map.of("name", "GREETING", "value", "hi", "value_type", "TEXT", "requried", true))))));

        assertThat(job.status()).as(job.body()).isEqualTo(201);
        assertThat(job.json().path("runnerSpec").asString()).isEqualTo("echo $GREETING");
        assertThat(job.json().path("warnings").toString()).as("a typo is said, not swallowed")
                .contains("run_params.params[0].requried: not a field mflow knows; ignored");
    }

    @Test
    void aSecretIsExportedMaskedAndItsMaskIsNeverStoredAsAValue() {
        Response job = post("/api/v1/jobs", json(Map.of("name", "sealed-job", "runnerSpec", "true", "params",
                List.of(Map.of("name", "TOKEN", "value", "s3cret-v4lue", "sensitive", true)))));
        assertThat(job.status()).isEqualTo(201);

        Response exported = getAs("/api/v1/jobs/" + job.json().path("id").asString(), "application/yaml");

        assertThat(exported.body()).doesNotContain("s3cret-v4lue").contains("******");
        Response again = postAs("/api/v1/jobs", "application/yaml",
                exported.body().replace("name: sealed-job", "name: sealed-job-copy"));
        assertProblem(again, 400);
        assertThat(again.json().path("detail").asString()).contains("fill in the secret");
    }

    @Test
    void aBodyThatIsNeitherJsonNorYamlChangesNothing() {
        assertProblem(postAs("/api/v1/jobs", "text/plain", "name: refused-plain-job"), 415);
        assertProblem(postAs("/api/v1/pipelines", "application/yaml", "name: [unclosed"), 400);
        assertProblem(postAs("/api/v1/jobs", "application/yaml", "- just\n- a list\n"), 400);
        assertThat(get("/api/v1/jobs?name=refused-plain-job").json().path("total").asInt()).isZero();
    }

    private Response postAs(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .header("Authorization", "Bearer " + ADMIN_TOKEN).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private Response getAs(String path, String accept) {
        return send(HttpRequest.newBuilder(uri(path)).header("Accept", accept)
                .header("Authorization", "Bearer " + ADMIN_TOKEN).GET());
    }

    private static String resource(String file) {
        try (InputStream in = ReferenceDocumentsIT.class.getResourceAsStream("/reference/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
