package io.mflow.task.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobReferenceTest {

    private static Job job(String namespace, String name, String version) {
        return new Job("job-" + version, name, "LOCAL", "true", List.of(), Instant.EPOCH, "vera", null, null,
                List.of(), false, null, namespace, version, null, false);
    }

    private static Pipeline.TaskDefinition taskNaming(String reference) {
        return new Pipeline.TaskDefinition("t", "job-v1", "build", List.of(), false, false, List.of(), null, null,
                null, null, List.of(), reference);
    }

    @Test
    void aBareNameIsTheLatestVersionInTheNamespaceOfWhoeverRefers() {
        assertThat(JobReference.parse("build", "web")).contains(new JobReference("web", "build", null));
        assertThat(JobReference.parse("build", "web").orElseThrow().pinned()).isFalse();
    }

    @Test
    void aNamespaceAndAVersionAreNamedWithASlashAndAColon() {
        assertThat(JobReference.parse("prod/build:v2", "web")).contains(new JobReference("prod", "build", "v2"));
        assertThat(JobReference.parse("build:v2", "web")).contains(new JobReference("web", "build", "v2"));
        assertThat(JobReference.parse(" prod/build ", "web")).contains(new JobReference("prod", "build", null));
    }

    @Test
    void whatIsNotAReferenceIsNone() {
        for (String text : List.of("", "a/b/c", "a:b:c", "/build", "build:", "prod/", "bu ild", "a$b")) {
            assertThat(JobReference.parse(text, "web")).as(text).isEmpty();
        }
        assertThat(JobReference.parse(null, "web")).isEmpty();
    }

    @Test
    void aDefinitionKeepsTheNamespaceAlwaysAndTheVersionOnlyWhenPinned() {
        assertThat(new JobReference("web", "build", null)).hasToString("web/build");
        assertThat(new JobReference("web", "build", "v1")).hasToString("web/build:v1");
    }

    @Test
    void aTaskRunsAPinnedVersionAlwaysAndAnUnpinnedOneWhileItIsTheLatest() {
        Job v1 = job("web", "build", "v1");
        assertThat(taskNaming("web/build:v1").refersTo(v1, false)).isTrue();
        assertThat(taskNaming("web/build:v2").refersTo(v1, true)).isFalse();
        assertThat(taskNaming("web/build").refersTo(v1, true)).isTrue();
        assertThat(taskNaming("web/build").refersTo(v1, false)).isFalse();
        assertThat(taskNaming("prod/build").refersTo(v1, true)).isFalse();
        assertThat(taskNaming(null).refersTo(v1, false)).as("defined before versions: by id").isTrue();
    }

    @Test
    void anotherDefinitionOfTheSameVersionIsNotTheSame() {
        Job v1 = job("web", "build", "v1");
        Job again = new Job("job-other", "build", "LOCAL", "true", List.of(), Instant.now(), "someone", null, null,
                List.of(), false, null, "web", "v1", null, false);
        Job changed = new Job("job-other", "build", "LOCAL", "false", List.of(), Instant.now(), "someone", null, null,
                List.of(), false, null, "web", "v1", null, false);
        assertThat(v1.sameDefinitionAs(again)).as("who and when do not count").isTrue();
        assertThat(v1.sameDefinitionAs(changed)).isFalse();
    }
}
