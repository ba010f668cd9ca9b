package io.mflow.task.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatusTest {

    @Test
    void theReferencesSpellingPenddingIsReadAsPending() {
        assertThat(Status.named("PENDDING")).isEqualTo(Status.PENDING);
        assertThat(Status.named(" pendding ")).isEqualTo(Status.PENDING);
    }

    @Test
    void aStageIsNamedInAnyCaseAndAnythingElseNamesNone() {
        assertThat(Status.named("active")).isEqualTo(Status.ACTIVE);
        assertThat(Status.named("Succeeded")).isEqualTo(Status.SUCCEEDED);
        assertThat(Status.named("PENDINGG")).isNull();
        assertThat(Status.named(null)).isNull();
    }
}
