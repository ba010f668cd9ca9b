package io.mflow.runner.domain.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mflow.localrunner.domain.Param;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobTemplateTest {

    static String fixture(String name) {
        try (InputStream in = JobTemplateTest.class.getResourceAsStream("/k8s/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void lowerCaseParamsFillTheirPlaceholdersAndUpperCaseOnesAreLeftToTheShell() {
        String rendered = JobTemplate.render(fixture("container_build.yml"), List.of(
                new Param("git_ssh_secret", "git-deploy-key", false),
                new Param("image_push_secret", "registry-push", false),
                new Param("GIT_BRANCH", "main", false)));

        assertThat(rendered).contains("secretName: git-deploy-key", "secretName: registry-push")
                .contains("--branch=${GIT_BRANCH}", "--destination=${IMAGE_REPOSITORY}:${APP_VERSION}")
                .doesNotContain("${git_ssh_secret}", "${image_push_secret}");
    }

    @Test
    void aPlaceholderNoParamFillsStaysAsItIs() {
        assertThat(JobTemplate.render("image: ${registry}/app:${tag}", List.of(new Param("tag", "1.2", false))))
                .isEqualTo("image: ${registry}/app:1.2");
    }

    @Test
    void valuesAreReplacedLiterallyNotAsPatterns() {
        assertThat(JobTemplate.render("v: ${tag}", List.of(new Param("tag", "$1\\x", false)))).isEqualTo("v: $1\\x");
    }

    @Test
    void aSensitiveValueIsRefusedWhereAPlaceholderAsksForItAndIgnoredElsewhere() {
        List<Param> params = List.of(new Param("db_password", "hunter2", true));

        assertThatThrownBy(() -> JobTemplate.render("pw: ${db_password}", params))
                .hasMessageContaining("sensitive param db_password cannot fill ${db_password}")
                .hasMessageNotContaining("hunter2");
        assertThat(JobTemplate.render("pw: none", params)).isEqualTo("pw: none");
    }

    @Test
    void onlyNamesStartingWithALowerCaseLetterAreTemplateParams() {
        assertThat(JobTemplate.isTemplateParam(new Param("git_ssh_secret", "", false))).isTrue();
        assertThat(JobTemplate.isTemplateParam(new Param("GIT_BRANCH", "", false))).isFalse();
        assertThat(JobTemplate.isTemplateParam(new Param("_namespace", "", false))).isFalse();
        assertThat(JobTemplate.isTemplateParam(new Param("bad name", "", false))).isFalse();
    }
}
