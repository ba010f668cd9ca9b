package io.mflow.runner.domain.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mflow.localrunner.domain.Param;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobTemplateTest {

    @Test
    void aPlaceholderNoParamFillsStaysAsItIs() {
        assertThat(JobTemplate.fillValue("image: ${registry}/app:${tag}", List.of(new Param("tag", "1.2", false))))
                .isEqualTo("image: ${registry}/app:1.2");
    }

    @Test
    void valuesAreReplacedLiterallyNotAsPatterns() {
        assertThat(JobTemplate.fillValue("v: ${tag}", List.of(new Param("tag", "$1\\x", false)))).isEqualTo("v: $1\\x");
    }

    @Test
    void aSensitiveValueIsRefusedWhereAPlaceholderAsksForItAndIgnoredElsewhere() {
        List<Param> params = List.of(new Param("db_password", "hunter2", true));

        assertThatThrownBy(() -> JobTemplate.fillValue("pw: ${db_password}", params))
                .hasMessageContaining("sensitive param db_password cannot fill ${db_password}")
                .hasMessageNotContaining("hunter2");
        assertThat(JobTemplate.fillValue("pw: none", params)).isEqualTo("pw: none");
    }

    @Test
    void aValueThatLooksLikeYamlStaysOneStringValueOfTheKeyItFills() {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("image", "busybox:${tag}");
        manifest.put("args", List.of("--ref=${ref}", 3, true));

        Object filled = JobTemplate.fill(manifest, List.of(new Param("tag", "1\nkind: Secret", false),
                new Param("ref", "a\n---\nkind: Pod\n{x: y}", false)));

        assertThat(filled).isEqualTo(Map.of("image", "busybox:1\nkind: Secret",
                "args", List.of("--ref=a\n---\nkind: Pod\n{x: y}", 3, true)));
    }

    @Test
    void keysAreNotFilled() {
        assertThat(JobTemplate.fill(Map.of("${key}", "${key}"), List.of(new Param("key", "v", false))))
                .isEqualTo(Map.of("${key}", "v"));
    }

    @Test
    void onlyNamesStartingWithALowerCaseLetterAreTemplateParams() {
        assertThat(JobTemplate.isTemplateParam(new Param("git_ssh_secret", "", false))).isTrue();
        assertThat(JobTemplate.isTemplateParam(new Param("GIT_BRANCH", "", false))).isFalse();
        assertThat(JobTemplate.isTemplateParam(new Param("_namespace", "", false))).isFalse();
        assertThat(JobTemplate.isTemplateParam(new Param("bad name", "", false))).isFalse();
    }
}
