package io.mflow.notify.domain;

import static io.mflow.notify.domain.Fixtures.auditWaiting;
import static io.mflow.notify.domain.Fixtures.change;
import static io.mflow.notify.domain.Fixtures.notice;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.lang.reflect.RecordComponent;
import org.junit.jupiter.api.Test;

class NoticeTextTest {

    @Test
    void aStageChangeSaysWhatChangedWhoStartedItHowLongItTookTheParamsAndWhereToLook() {
        NoticeText text = NoticeText.of(notice(change("ACTIVE", "FAILED")));

        assertThat(text.title()).isEqualTo("Task build (stage compile) of pipeline ship: FAILED");
        assertThat(text.lines()).containsExactly(
                "**Stage:** FAILED (was ACTIVE)",
                "**Triggered by:** vera",
                "**Started:** 2026-11-25T05:58:28Z, took 1m30s",
                "**Message:** exit 0",
                "**Params:** GOAL=package, DB_PASSWORD=******",
                "**Details:** https://mflow.example.com/api/v1/job-tasks/jt-1");
        assertThat(text.plain()).doesNotContain("**Stage", "**Params")
                .as("a masked value is kept, not read as emphasis").contains("Params: GOAL=package, DB_PASSWORD=******");
    }

    @Test
    void aWaitForAnApprovalSaysWhoDecidesAndHow() {
        NoticeText text = NoticeText.of(notice(auditWaiting("alice", "bob")));

        assertThat(text.title()).isEqualTo("Approval needed: task build (stage compile) of pipeline ship");
        assertThat(text.lines()).startsWith("**Waiting for:** alice, bob",
                "**To decide:** POST https://mflow.example.com/api/v1/job-tasks/jt-1/audit {\"decision\": \"PASS\" or"
                        + " \"DENY\", \"comment\": \"...\"} (a DENY needs a comment)");
    }

    @Test
    void theGenericBodyHasOnlyTheDocumentedFieldsAndKeepsEveryFieldOfVersionOne() {
        WebhookBody body = WebhookBody.of(notice(change("ACTIVE", "SUCCEEDED")));

        assertThat(body.version()).isEqualTo(2);
        assertThat(body.type()).isEqualTo("job_task.stage_changed");
        assertThat(body.event()).isEqualTo("JobTaskStatusChanged");
        assertThat(body.durationMillis()).isEqualTo(90_123L);
        assertThat(Arrays.stream(WebhookBody.class.getRecordComponents()).map(RecordComponent::getName))
                .contains("version", "event", "eventId", "jobTaskId", "jobTaskName", "pipelineTaskId",
                        "stageName", "previousStage", "stage", "message", "occurredAt")
                .doesNotContain("outputs", "updateToken", "headers", "secret");
    }
}
