package io.mflow.task.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;

/** What every refusal must look like: an RFC 9457 problem document that tells the caller, not us, what is wrong. */
final class ProblemAssertions {

    /**
     * {@code io.mflow.task.adapter.rest.JobBodies}, {@code JobBodies$JobRequest}: names from our code. Each run of
     * letters is tried once (the look-behind), so a detail that echoes 300,000 letters takes no quadratic time.
     */
    static final Pattern JAVA_CLASS_NAME = Pattern.compile("(?<![a-z])[a-z]++\\.[a-z]++\\.[A-Z]|\\w\\$[A-Z]");

    private ProblemAssertions() {
    }

    static void assertProblem(TaskServiceHarness.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertProblem(response);
    }

    /** Whatever its status: a problem document with a detail free of Java class names. */
    static void assertProblem(TaskServiceHarness.Response response) {
        assertThat(response.headers().firstValue("Content-Type")).as(response.body())
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.json()).as(response.body()).isNotNull();
        assertThat(response.json().path("status").asInt()).as(response.body()).isEqualTo(response.status());
        assertThat(response.json().path("type").isMissingNode()).as(response.body()).isFalse();
        assertThat(response.json().path("title").asString()).as(response.body()).isNotBlank();
        assertThat(response.json().path("detail").asString()).as(response.body()).isNotBlank();
        assertThat(JAVA_CLASS_NAME.matcher(response.body()).find()).as("a Java class name in " + response.body())
                .isFalse();
    }
}
