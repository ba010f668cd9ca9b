package io.mflow.task.domain;

import io.mflow.platform.change.Change;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/** A manualStatus job hands its final stage to an outside reporter; any report may carry a detail and extension. */
class JobTaskOutsideReportTest {

    private static final Instant NOW = Instant.parse("2026-12-06T06:00:00Z");

    private static JobTask activeManualJobTask() {
        return new JobTask("jt-1", new JobTaskPlan("deploy", "rollout", "pt-1", "pl-1", "cd", List.of(), false, false,
                true, null, Map.of(), "vera", UpdateTokens.hash("secret-token"), NOW),
                new Attempt(Stage.ACTIVE, "running", Map.of(), NOW, null, "LOCAL@host-1", null, false, null, Map.of()),
                Gates.NONE, new JobTaskHistory(List.of(), List.of(), 2));
    }

    private static StatusReport runnerReport(String id, Stage stage, Map<String, String> outputs, boolean awaiting) {
        return new StatusReport(id, stage, "the job's process ended; waiting for an outside report of its final stage",
                outputs, NOW.plusSeconds(1), 1, false, null, "LOCAL@host-1", null, Map.of(), awaiting);
    }

    private static StatusReport outsideReport(Stage stage, Map<String, String> outputs, String detail,
                                              Map<String, String> extension) {
        return new StatusReport("rest-1", stage, "rolled out", outputs, NOW.plusSeconds(9), 0, false, null, null,
                detail, extension, false);
    }

    private static JobTask moved(Change<JobTask, JobTaskEvent> transition) {
        assertThat(transition).isInstanceOf(Change.Moved.class);
        return ((Change.Moved<JobTask, JobTaskEvent>) transition).next();
    }

    @Test
    void theEndOfAManualStatusJobsProcessKeepsItsOutputsAndWaitsWithoutAnEvent() {
        Change<JobTask, JobTaskEvent> result = activeManualJobTask().moveTo(Stage.ACTIVE,
                runnerReport("jt-1#1:ACTIVE:awaiting", Stage.ACTIVE, Map.of("IMAGE", "app:1"), true));

        JobTask waiting = moved(result);
        assertThat(waiting.stage()).isEqualTo(Stage.ACTIVE);
        assertThat(waiting.current().awaitingReport()).isTrue();
        assertThat(waiting.current().outputs()).containsEntry("IMAGE", "app:1");
        assertThat(waiting.current().message()).startsWith("the job's process ended");
        assertThat(((Change.Moved<JobTask, JobTaskEvent>) result).events()).isEmpty();
    }

    @Test
    void theOutsideReportEndsItWithTheProcessOutputsOverlaidByItsOwnAndItsDetailAndExtension() {
        JobTask waiting = moved(activeManualJobTask().moveTo(Stage.ACTIVE, runnerReport("jt-1#1:ACTIVE:awaiting",
                Stage.ACTIVE, Map.of("IMAGE", "app:1", "URL", "http://old"), true)));

        Change<JobTask, JobTaskEvent> result = waiting.moveTo(Stage.SUCCEEDED, outsideReport(Stage.SUCCEEDED,
                Map.of("URL", "http://new"), "3 of 3 replicas ready", Map.of("replicas", "3")));

        JobTask done = moved(result);
        assertThat(done.stage()).isEqualTo(Stage.SUCCEEDED);
        assertThat(done.current().awaitingReport()).isFalse();
        assertThat(done.current().outputs()).isEqualTo(Map.of("IMAGE", "app:1", "URL", "http://new"));
        assertThat(done.current().detail()).isEqualTo("3 of 3 replicas ready");
        assertThat(done.current().extension()).isEqualTo(Map.of("replicas", "3"));
        JobTaskEvent.StatusChanged changed = (JobTaskEvent.StatusChanged)
                ((Change.Moved<JobTask, JobTaskEvent>) result).events().get(0);
        assertThat(changed.outputs()).isEqualTo(Map.of("IMAGE", "app:1", "URL", "http://new"));
        assertThat(changed.detail()).isEqualTo("3 of 3 replicas ready");
        assertThat(changed.extension()).isEqualTo(Map.of("replicas", "3"));
    }

    @Test
    void aReportOfTheSameStageWithADetailKeepsItAndLaysItsExtensionOverTheTasks() {
        JobTask first = moved(activeManualJobTask().moveTo(Stage.ACTIVE,
                outsideReport(Stage.ACTIVE, Map.of(), "1 of 3 ready", Map.of("ready", "1", "of", "3"))));
        JobTask second = moved(first.moveTo(Stage.ACTIVE, new StatusReport("rest-2", Stage.ACTIVE, null, Map.of(),
                NOW, 0, false, null, null, null, Map.of("ready", "2"), false)));

        assertThat(second.current().detail()).as("a report without a detail keeps the last one").isEqualTo("1 of 3 ready");
        assertThat(second.current().extension()).isEqualTo(Map.of("ready", "2", "of", "3"));
    }

    @Test
    void aPlainRepeatOfTheStageIsStillNoNews() {
        assertThat(activeManualJobTask().moveTo(Stage.ACTIVE, outsideReport(Stage.ACTIVE, Map.of(), null, Map.of())))
                .isInstanceOf(Change.Unchanged.class);
    }

    @Test
    void aRunnersLateReportOnATaskAnOutsideReportEndedChangesNothingAndIsNoError() {
        JobTask done = moved(activeManualJobTask().moveTo(Stage.SUCCEEDED,
                outsideReport(Stage.SUCCEEDED, Map.of(), null, Map.of())));

        assertThat(done.moveTo(Stage.FAILED, runnerReport("jt-1#1:FAILED", Stage.FAILED, Map.of(), false)))
                .isInstanceOf(Change.Unchanged.class);
        assertThat(done.moveTo(Stage.ACTIVE, runnerReport("jt-1#1:ACTIVE:awaiting", Stage.ACTIVE, Map.of(), true)))
                .isInstanceOf(Change.Unchanged.class);
    }

    @Test
    void anOutsideReportOnAFinishedTaskIsStillRefused() {
        JobTask done = moved(activeManualJobTask().moveTo(Stage.SUCCEEDED,
                outsideReport(Stage.SUCCEEDED, Map.of(), null, Map.of())));

        assertThat(done.moveTo(Stage.FAILED, outsideReport(Stage.FAILED, Map.of(), null, Map.of())))
                .isInstanceOf(Change.Refused.class);
    }

    @Test
    void aNewAttemptForgetsTheDetailExtensionAndWaitOfTheLastOne() {
        JobTask failed = moved(activeManualJobTask().moveTo(Stage.FAILED,
                outsideReport(Stage.FAILED, Map.of(), "rollout stuck", Map.of("ready", "1"))));

        JobTask retried = moved(failed.retry(new Actor("vera"), List.of(), "again", NOW.plusSeconds(60)));

        assertThat(retried.current().detail()).isNull();
        assertThat(retried.current().extension()).isEmpty();
        assertThat(retried.current().awaitingReport()).isFalse();
        assertThat(retried.plan().manualStatus()).isTrue();
    }

    @Test
    void aReportsDetailAndExtensionAreBounded() {
        assertThat(Limits.checkReport("m", Map.of(), "x".repeat(Limits.DETAIL_BYTES + 1), Map.of()))
                .startsWith("detail is");
        assertThat(Limits.checkReport("m", Map.of(), null, Map.of("a", "x".repeat(40_000), "b", "y".repeat(40_000))))
                .startsWith("extension is").contains("in all");
        assertThat(Limits.checkReport("m", Map.of(), "short", Map.of("ok", "yes"))).isNull();
    }
}
