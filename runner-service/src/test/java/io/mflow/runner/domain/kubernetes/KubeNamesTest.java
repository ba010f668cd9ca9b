package io.mflow.runner.domain.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KubeNamesTest {

    private static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?";

    @Test
    void aJobIsNamedFromItsAttemptSoTheSameAttemptAlwaysGetsTheSameName() {
        assertThat(KubeNames.jobName("jt-0193a4b5c6d7e8f90123456789ab#2")).isEqualTo("mflow-jt-0193a4b5c6d7e8f90123456789ab-2")
                .isEqualTo(KubeNames.jobName("jt-0193a4b5c6d7e8f90123456789ab#2"));
        assertThat(KubeNames.jobName("jt-a#1")).isNotEqualTo(KubeNames.jobName("jt-a#2"));
    }

    @Test
    void anIdThatDoesNotFitIsShortenedAndHashedSoNamesStayUnique() {
        String upper = KubeNames.jobName("JT-ABC#1");
        String lower = KubeNames.jobName("jt-abc#1");
        String longOne = KubeNames.jobName("jt-" + "x".repeat(100) + "#1");

        assertThat(upper).matches(DNS_LABEL).isNotEqualTo(lower);
        assertThat(longOne).matches(DNS_LABEL).hasSizeLessThanOrEqualTo(63)
                .isNotEqualTo(KubeNames.jobName("jt-" + "x".repeat(100) + "y#1"));
    }

    @Test
    void theRunsLabelsAreCutToLabelSyntax() {
        Map<String, String> run = new LinkedHashMap<>();
        run.put("team", "Build & Release!");
        run.put("app.kubernetes.io/part-of", "shop");
        run.put("branch", "feature/login-" + "x".repeat(80));
        run.put("???", "dropped");
        run.put("empty", "");

        Map<String, String> labels = KubeNames.labels(run);

        assertThat(labels).containsEntry("team", "Build---Release")
                .containsEntry("app.kubernetes.io/part-of", "shop")
                .containsEntry("empty", "")
                .doesNotContainKey("???");
        assertThat(labels.get("branch")).startsWith("feature-login-").hasSizeLessThanOrEqualTo(63);
    }
}
