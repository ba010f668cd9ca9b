package io.mflow.task.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mflow.task.app.RequestRefused;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The reference's documents, as its repository ships them, read as mflow's definitions and written back. */
class ReferenceDocumentsTest {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void theReferencesBuildAndDeployPipelineReadsAsTwoStagesOfPinnedJobsWithReferencesToTheRunsParams() {
        Translated pipeline = ReferencePipelines.toMflow(document("image_build_deploy.yml"));

        JsonNode body = pipeline.body();
        assertThat(body.get("name").asString()).isEqualTo("image_build_deploy");
        assertThat(body.get("description").asString()).isEqualTo("基于容器镜像的构建部署流水线");
        assertThat(body.get("stages").values()).extracting(stage -> stage.get("name").asString())
                .containsExactly("容器镜像构建", "容器镜像部署");
        JsonNode build = body.at("/stages/0/tasks/0");
        assertThat(build.get("name").asString()).isEqualTo("容器镜像构建");
        assertThat(build.get("job").asString()).isEqualTo("default/docker_build:v1");
        assertThat(build.get("ignoreFailed").asBoolean()).isFalse();
        assertThat(build.get("params").values()).extracting(p -> p.get("name").asString() + "=" + p.get("value").asString())
                .containsExactly("GIT_SSH_URL=${GIT_SSH_URL}", "GIT_BRANCH=${GIT_BRANCH}",
                        "GIT_COMMIT_ID=${GIT_COMMIT_ID}", "IMAGE_REPOSITORY=${IMAGE_REPOSITORY}");
        assertThat(body.at("/stages/1/tasks/0/job").asString()).isEqualTo("default/docker_deploy:v1");
        assertThat(pipeline.warnings()).containsExactly(
                "stages[0].jobs[0].extension: mflow keeps no free-form extensions (icons are not shown)",
                "stages[1].jobs[0].extension: mflow keeps no free-form extensions (icons are not shown)");
    }

    @Test
    void theReferencesBuildJobKeepsItsTypesOptionsSecretsAndSearchLabelsAndSaysWhatHasNoEffect() {
        Translated job = ReferenceJobs.toMflow(document("docker_build.yml"));

        JsonNode body = job.body();
        assertThat(body.get("runnerType").asString()).as("the reference's default runner").isEqualTo("K8S_JOB");
        assertThat(body.get("runnerSpec").asString()).isEqualTo(text("container_build.yml"));
        assertThat(body.get("labels").get("Language").asString()).isEqualTo("*");
        JsonNode kubeConfig = param(body, "kube_config");
        assertThat(kubeConfig.get("sensitive").asBoolean()).isTrue();
        assertThat(kubeConfig.get("required").asBoolean()).isTrue();
        assertThat(param(body, "namespace").get("searchLabel").asBoolean()).isTrue();
        assertThat(param(body, "CACHE_ENABLE").get("type").asString()).isEqualTo("BOOLEAN");
        assertThat(param(body, "GIT_SSH_SECRET").get("type").asString()).isEqualTo("K8S_SECRET");
        JsonNode platform = param(body, "CUSTOM_PLATFORM");
        assertThat(platform.get("type").asString()).isEqualTo("ENUM");
        assertThat(platform.get("options").values()).extracting(o -> o.get("value").asString() + "/" + o.get("label").asString())
                .containsExactly("linux/386/X86", "linux/amd64/AMD64", "linux/arm/ARM", "linux/arm64/ARM64");
        assertThat(param(body, "GIT_BRANCH").get("description").asString()).isEqualTo("需要拉去的代码分支");
        assertThat(job.warnings()).contains(
                "display_name: mflow shows a job by its name",
                "create_by: mflow records who defined a job from the caller's token",
                "run_params.params[2].value_desc: mflow keeps one description per param (desc)",
                "run_params.params[2].example: mflow keeps no example values; write it into desc",
                "run_params.params[6].usage_type: mflow fills ${name} in the runner spec from params whose names"
                        + " start with a lower-case letter and passes the others as environment variables;"
                        + " GIT_SSH_SECRET is used as ENV");
        assertThat(job.warnings()).noneMatch(w -> w.startsWith("run_params.params[0]"))
                .as("every field of a param without a warning is carried").isNotEmpty();
    }

    @Test
    void aDocumentExportedAndReadAgainIsTheSameDefinition() {
        for (String file : List.of("docker_build.yml", "docker_deploy.yml")) {
            JsonNode read = ReferenceJobs.toMflow(document(file)).body();
            Translated again = ReferenceJobs.toMflow(ReferenceJobs.toReference(read));
            assertThat(again.body()).as(file).isEqualTo(read);
            assertThat(again.warnings()).as(file).isEmpty();
        }
        JsonNode pipeline = ReferencePipelines.toMflow(document("image_build_deploy.yml")).body();
        Translated again = ReferencePipelines.toMflow(ReferencePipelines.toReference(pipeline));
        assertThat(withoutFalse(again.body())).isEqualTo(withoutFalse(pipeline));
        assertThat(again.warnings()).isEmpty();
    }

    @Test
    void aPipelinesScopedParamsReadAsScopesAndTheirWildcardsAsNone() {
        Translated pipeline = ReferencePipelines.toMflow(yaml("""
                name: deploy
                with:
                  - {name: ENV, value: prod, param_scope: {stage: "2", task: "1"}}
                  - {name: REGION, value: eu, param_scope: {stage: "1", task: "*"}}
                  - {name: TEAM, value: web, param_scope: {stage: "*"}}
                stages:
                  - name: only
                    is_parallel: true
                    jobs: [{task_name: t, job_name: "#6512", skip_run: true}]
                """));

        JsonNode params = pipeline.body().get("params");
        assertThat(params.get(0).get("scope").toString()).isEqualTo("{\"stage\":\"2\",\"task\":\"1\"}");
        assertThat(params.get(1).get("scope").toString()).isEqualTo("{\"stage\":\"1\"}");
        assertThat(params.get(2).has("scope")).isFalse();
        assertThat(pipeline.body().at("/stages/0/parallel").asBoolean()).isTrue();
        assertThat(pipeline.body().at("/stages/0/tasks/0/job").asString()).as("#id names a job by id").isEqualTo("6512");
        assertThat(pipeline.body().at("/stages/0/tasks/0/skip").asBoolean()).isTrue();
    }

    @Test
    void gatesWebhooksRobotsAndMentionsReadAsMflowsAndADisabledGateAsNone() {
        Translated pipeline = ReferencePipelines.toMflow(yaml("""
                name: release
                mention_users: [{user_name: alice, events: [SUCCEEDED], notify_types: [IM]}]
                stages:
                  - name: ship
                    jobs:
                      - task_name: deploy
                        job_name: deploy@web.default
                        audit: {enable: true, auditors: [bob, carol]}
                        confirm: {enable: false, checkers: [dave]}
                        webhooks: [{url: "https://hooks.example/x", header: {X-Team: web}, events: [FAILED]}]
                        im_robot_notify: [{url: "https://open.feishu.cn/open-apis/bot/v2/hook/abc"}]
                """));

        JsonNode task = pipeline.body().at("/stages/0/tasks/0");
        assertThat(task.get("job").asString()).isEqualTo("web/deploy");
        assertThat(task.at("/audit/auditors").toString()).isEqualTo("[\"bob\",\"carol\"]");
        assertThat(task.has("confirm")).isFalse();
        assertThat(task.get("webhooks").values()).extracting(h -> h.get("url").asString())
                .containsExactly("https://hooks.example/x", "https://open.feishu.cn/open-apis/bot/v2/hook/abc");
        assertThat(task.at("/webhooks/0/headers/X-Team").asString()).isEqualTo("web");
        assertThat(pipeline.body().at("/mentions/0/user").asString()).isEqualTo("alice");
        assertThat(pipeline.warnings()).containsExactly(
                "mention_users[0].notify_types: mflow tells mentioned users by e-mail");
    }

    @Test
    void aSecretAnExportMaskedIsRefusedRatherThanStoredAsItsMask() {
        assertThatThrownBy(() -> ReferenceJobs.toMflow(yaml("""
                name: deploy
                run_params: {params: [{name: token, is_sensitive: true, value: "******"}]}
                """))).isInstanceOf(RequestRefused.class).hasMessageContaining("run_params.params[0].value")
                .hasMessageContaining("fill in the secret");
        assertThatThrownBy(() -> ReferencePipelines.toMflow(yaml("""
                name: p
                stages: [{name: s, jobs: [{task_name: t, job_name: j, webhooks: [{url: "https://h.example", header: {Authorization: "******"}}]}]}]
                """))).isInstanceOf(RequestRefused.class).hasMessageContaining("stages[0].jobs[0].webhooks[0]");
    }

    @Test
    void jobNamesOfTheReferenceReadAsMflowsReferences() {
        ReferenceTranslation translation = new ReferenceTranslation();
        assertThat(ReferenceParams.jobReference("build", null, "j", translation)).isEqualTo("build");
        assertThat(ReferenceParams.jobReference("build@web", null, "j", translation)).isEqualTo("web/build");
        assertThat(ReferenceParams.jobReference("build@web.default:v2", null, "j", translation))
                .isEqualTo("web/build:v2");
        assertThat(ReferenceParams.jobReference("build@web.default", "v3", "j", translation))
                .as("run_params.version pins the version").isEqualTo("web/build:v3");
        assertThat(translation.warnings()).isEmpty();
        assertThat(ReferenceParams.jobReference("build@web.acme", null, "j", translation)).isEqualTo("web/build");
        assertThat(translation.warnings()).containsExactly("j: mflow has no domains; domain 'acme' is not kept");
        assertThat(ReferenceParams.referenceJobName("web/build:v2")).isEqualTo("build@web.default:v2");
        assertThat(ReferenceParams.referenceJobName("build")).isEqualTo("build@default.default");
    }

    @Test
    void mflowsOwnBodiesAreNotTakenForTheReferences() {
        assertThat(ReferenceJobs.isReference(JSON.readTree("""
                {"name": "build", "runnerType": "LOCAL", "runnerSpec": "make", "params": [{"name": "A"}]}"""))).isFalse();
        assertThat(ReferencePipelines.isReference(JSON.readTree("""
                {"name": "p", "stages": [{"name": "s", "parallel": true, "tasks": [{"name": "t", "job": "j"}]}]}""")))
                .isFalse();
        assertThat(ReferenceJobs.isReference(document("docker_build.yml"))).isTrue();
        assertThat(ReferencePipelines.isReference(document("image_build_deploy.yml"))).isTrue();
    }

    private static JsonNode param(JsonNode job, String name) {
        return job.get("params").values().stream().filter(p -> p.get("name").asString().equals(name)).findFirst()
                .orElseThrow();
    }

    /** An export leaves out a flag that is false, as the reference's own documents do. */
    private static JsonNode withoutFalse(JsonNode node) {
        JsonNode copy = node.deepCopy();
        copy.findParents("ignoreFailed").forEach(p -> {
            if (!p.get("ignoreFailed").asBoolean()) {
                ((tools.jackson.databind.node.ObjectNode) p).remove("ignoreFailed");
            }
        });
        return copy;
    }

    private static JsonNode yaml(String text) {
        return YAML.readTree(text);
    }

    static JsonNode document(String file) {
        return YAML.readTree(text(file));
    }

    static String text(String file) {
        try (InputStream in = ReferenceDocumentsTest.class.getResourceAsStream("/reference/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
