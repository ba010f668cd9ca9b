package io.mflow.notify.domain;

import static io.mflow.notify.domain.Fixtures.change;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WebhookBodyTest {

    @Test
    void theBodyCarriesTheChangeAsVersionOne() {
        WebhookBody body = WebhookBody.of(change("ACTIVE", "SUCCEEDED"));

        assertThat(body).isEqualTo(new WebhookBody(1, "JobTaskStatusChanged", "jt-1#3", "jt-1", "build", "pt-1",
                "compile", "ACTIVE", "SUCCEEDED", "exit 0", "2026-11-25T05:59:58.123Z"));
    }

    @Test
    void theBodyHasOnlyTheDocumentedFieldsSoNoParamTokenOrOutputCanLeak() {
        assertThat(Arrays.stream(WebhookBody.class.getRecordComponents()).map(RecordComponent::getName))
                .containsExactly("version", "event", "eventId", "jobTaskId", "jobTaskName", "pipelineTaskId",
                        "stageName", "previousStage", "stage", "message", "occurredAt");
    }

    @Test
    void aChangeCarriesNothingSecretToBuildTheBodyFrom() {
        assertThat(Arrays.stream(StatusChange.class.getRecordComponents()).map(RecordComponent::getName))
                .doesNotContain("outputs", "params", "updateToken", "headers");
    }
}
