package io.mflow.runner.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.localrunner.domain.Outcome;
import io.mflow.localrunner.domain.ReportStage;
import io.mflow.platform.change.Change;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A manualStatus attempt: its process's exit 0 hands the final stage to an outside report. */
class ManualStatusExecutionTest {

    private static final Instant NOW = Instant.parse("2026-12-06T06:00:00Z");

    private static Attempt manualAttempt(boolean dryRun) {
        return new Attempt("jt-1#1", "jt-1", "pt-1", "LOCAL", "deploy.sh", List.of(), "enc:v1:token", dryRun,
                Duration.ofMinutes(10), null, null, Map.of(), List.of(), true);
    }

    private static Execution runningManual() {
        Execution claimed = Execution.claim(manualAttempt(false), NOW).next();
        return ((Change.Moved<Execution, Report>) claimed.started(42, "/work/jt-1", NOW)).next();
    }

    private static Execution awaiting() {
        return ((Change.Moved<Execution, Report>) runningManual().finished(exit0(), NOW)).next();
    }

    private static Outcome exit0() {
        return Outcome.ofExit(0, "", Map.of("IMAGE", "app:1"));
    }

    private static Change.Moved<Execution, Report> moved(Change<Execution, Report> transition) {
        assertThat(transition).isInstanceOf(Change.Moved.class);
        return (Change.Moved<Execution, Report>) transition;
    }

    @Test
    void theExitOfAManualStatusJobReportsActiveWithItsOutputsAndAwaitsAnOutsideReport() {
        Change.Moved<Execution, Report> ended = moved(runningManual().finished(exit0(), NOW));

        assertThat(ended.next().state()).isEqualTo(ExecutionState.AWAITING);
        assertThat(ended.next().state().isSettled()).isFalse();
        assertThat(ended.events()).singleElement().satisfies(report -> {
            assertThat(report.stage()).isEqualTo(ReportStage.ACTIVE);
            assertThat(report.awaitingReport()).isTrue();
            assertThat(report.outputs()).isEqualTo(Map.of("IMAGE", "app:1"));
            assertThat(report.message()).isEqualTo(
                    "the job's process ended; waiting for an outside report of its final stage");
            assertThat(report.reportId()).as("not the first ACTIVE's id, or task-service drops it as a duplicate")
                    .isEqualTo("jt-1#1:ACTIVE:awaiting");
        });
    }

    @Test
    void aManualStatusJobEndedBeforeItsStartWasRecordedStillSaysActiveFirst() {
        Execution claimed = Execution.claim(manualAttempt(false), NOW).next();

        Change.Moved<Execution, Report> ended = moved(claimed.finished(exit0(), NOW));

        assertThat(ended.events()).extracting(Report::reportId)
                .containsExactly("jt-1#1:ACTIVE", "jt-1#1:ACTIVE:awaiting");
    }

    @Test
    void aManualStatusJobWhoseProcessFailsFailsAsAnyOther() {
        Change.Moved<Execution, Report> ended = moved(runningManual().finished(Outcome.ofExit(3, "boom", Map.of()), NOW));

        assertThat(ended.next().state()).isEqualTo(ExecutionState.FINISHED);
        assertThat(ended.events()).extracting(Report::stage).containsExactly(ReportStage.FAILED);
    }

    @Test
    void aDryRunOfAManualStatusJobJustSucceeds() {
        Execution claimed = Execution.claim(manualAttempt(true), NOW).next();

        Change.Moved<Execution, Report> ended = moved(claimed.finished(Outcome.dryRun(null), NOW));

        assertThat(ended.next().state()).isEqualTo(ExecutionState.FINISHED);
        assertThat(ended.events()).extracting(Report::stage).containsExactly(ReportStage.ACTIVE, ReportStage.SUCCEEDED);
    }

    @Test
    void theProcessEndSeenAgainWhileAwaitingChangesNothing() {
        assertThat(awaiting().finished(exit0(), NOW)).isInstanceOf(Change.Unchanged.class);
    }

    @Test
    void aTimeoutWhileAwaitingFailsItSayingItWaitedForAnOutsideReport() {
        Change.Moved<Execution, Report> timedOut = moved(awaiting().timedOut(NOW.plusSeconds(600)));

        assertThat(timedOut.next().state()).isEqualTo(ExecutionState.FINISHED);
        assertThat(timedOut.events()).singleElement().satisfies(report -> {
            assertThat(report.stage()).isEqualTo(ReportStage.FAILED);
            assertThat(report.message()).startsWith("timed out waiting for an outside report");
            assertThat(report.reportId()).isEqualTo("jt-1#1:FAILED");
        });
    }

    @Test
    void aTimeoutWhileTheProcessRunsFailsItAsBefore() {
        Change.Moved<Execution, Report> timedOut = moved(runningManual().timedOut(NOW.plusSeconds(600)));

        assertThat(timedOut.events()).extracting(Report::message).containsExactly("timed out after PT10M");
    }

    @Test
    void aCancelWhileAwaitingCancelsIt() {
        Change.Moved<Execution, Report> canceled = moved(awaiting().canceled("canceled by vera", NOW));

        assertThat(canceled.next().state()).isEqualTo(ExecutionState.CANCELED);
        assertThat(canceled.events()).extracting(Report::stage).containsExactly(ReportStage.CANCELED);
    }

    @Test
    void theOutsideReportSettlesItSoNoTimeoutIsReportedLater() {
        Change.Moved<Execution, Report> settled = moved(awaiting().endedOutside());

        assertThat(settled.events()).isEmpty();
        assertThat(settled.next().state().isSettled()).isTrue();
        assertThat(settled.next().timedOut(NOW.plusSeconds(600))).isInstanceOf(Change.Unchanged.class);
        assertThat(settled.next().canceled("late cancel", NOW)).isInstanceOf(Change.Unchanged.class);
    }

    @Test
    void anOutsideReportBeforeTheProcessEndedSettlesItSoItsExitIsNotReported() {
        Execution settled = moved(runningManual().endedOutside()).next();

        assertThat(settled.finished(exit0(), NOW)).isInstanceOf(Change.Unchanged.class);
    }
}
