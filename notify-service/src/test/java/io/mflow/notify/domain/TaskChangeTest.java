package io.mflow.notify.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which changes end a run, and which resume it: retention keeps a run's subscriptions until it has ended. */
class TaskChangeTest {

    private static TaskChange pipelineTask(String previousStage, String stage) {
        return new TaskChange("pt-1:2", Notice.Subject.PIPELINE_TASK, stage, null, null, "pt-1", null, stage,
                previousStage, null, "vera", null, Fixtures.NOW, 0, List.of());
    }

    private static TaskChange jobOnItsOwn(String previousStage, String stage) {
        return new TaskChange("jt-9:2", Notice.Subject.JOB_TASK, stage, "jt-9", "build", null, null, stage,
                previousStage, null, "vera", null, Instant.parse("2026-11-25T05:59:58Z"), 1, List.of());
    }

    @Test
    void aPipelineTaskReachingAFinalStageEndsItsRun() {
        assertThat(pipelineTask("ACTIVE", "SUCCEEDED").endsRun()).isTrue();
        assertThat(pipelineTask("ACTIVE", "FAILED").endsRun()).isTrue();
        assertThat(pipelineTask("CANCELING", "CANCELED").endsRun()).isTrue();
        assertThat(pipelineTask("PENDING", "ACTIVE").endsRun()).isFalse();
        assertThat(pipelineTask("ACTIVE", "CANCELING").endsRun()).isFalse();
    }

    @Test
    void aJobTaskOfAPipelineThatEndsLeavesItsRunGoing() {
        assertThat(Fixtures.change("ACTIVE", "FAILED").endsRun()).isFalse();
        assertThat(Fixtures.change("FAILED", "PENDING").resumesRun()).isFalse();
    }

    @Test
    void aJobRunOnItsOwnIsItsOwnRun() {
        assertThat(jobOnItsOwn("ACTIVE", "SUCCEEDED").endsRun()).isTrue();
        assertThat(jobOnItsOwn("FAILED", "PENDING").resumesRun()).isTrue();
    }

    @Test
    void aFailedRunRetriedResumesAndOnlyAMoveOutOfAFinalStageDoes() {
        assertThat(pipelineTask("FAILED", "ACTIVE").resumesRun()).isTrue();
        assertThat(pipelineTask("FAILED", "ACTIVE").endsRun()).isFalse();
        assertThat(pipelineTask("PENDING", "ACTIVE").resumesRun()).isFalse();
        assertThat(pipelineTask("ACTIVE", "FAILED").resumesRun()).isFalse();
    }

    @Test
    void aWaitAtAGateNeitherEndsNorResumes() {
        TaskChange waiting = Fixtures.auditWaiting("alice");
        TaskChange onItsOwn = new TaskChange("jt-9:1", Notice.Subject.JOB_TASK, Notice.AUDIT_WAITING, "jt-9", "build",
                null, null, null, null, null, "vera", null, Fixtures.NOW, 0, List.of("alice"));

        assertThat(waiting.endsRun() || waiting.resumesRun()).isFalse();
        assertThat(onItsOwn.endsRun() || onItsOwn.resumesRun()).isFalse();
    }
}
