package io.mflow.runner.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.localrunner.domain.Outcome;
import io.mflow.localrunner.domain.Param;
import io.mflow.localrunner.domain.ReportStage;
import io.mflow.platform.change.Change;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExecutionTest {

    private static final Instant NOW = Instant.parse("2026-11-25T06:00:00Z");

    private static Attempt attempt() {
        return new Attempt("jt-1#1", "jt-1", "pt-1", "LOCAL", "echo hi", List.of(), "enc:v1:token", false);
    }

    private static Execution claimed() {
        return Execution.claim(attempt(), NOW).next();
    }

    private static Execution running() {
        return ((Change.Moved<Execution, Report>) claimed().started(42, "/work/jt-1", NOW)).next();
    }

    private static List<ReportStage> stages(Change<Execution, Report> transition) {
        return ((Change.Moved<Execution, Report>) transition).events().stream().map(Report::stage).toList();
    }

    @Test
    void claimingAnAttemptAnnouncesCreating() {
        Change.Moved<Execution, Report> claim = Execution.claim(attempt(), NOW);

        assertThat(claim.next().state()).isEqualTo(ExecutionState.CLAIMED);
        assertThat(claim.next().id()).isEqualTo("jt-1#1");
        assertThat(claim.events()).extracting(Report::stage).containsExactly(ReportStage.CREATING);
    }

    @Test
    void anAgentAttemptIsClaimedAsSchedulingForAnAgentWithItsTags() {
        Attempt forAgents = new Attempt("jt-1#1", "jt-1", "pt-1", "AGENT", "make test", List.of(), "enc:v1:token",
                false, null, null, null, java.util.Map.of(), List.of("linux", "docker"));

        Change.Moved<Execution, Report> claim = Execution.claim(forAgents, NOW);

        assertThat(claim.events()).extracting(Report::stage).containsExactly(ReportStage.SCHEDULING);
        assertThat(claim.events().get(0).message()).isEqualTo("waiting for an agent with tags linux,docker");
    }

    @Test
    void aLaunchedAttemptReportsActiveOnlyOnceItRunsWithWhatItsRunnerSaid() {
        Change<Execution, Report> launched = claimed().launched(0, "mock/builds/mflow-jt-1-1");
        Execution waiting = ((Change.Moved<Execution, Report>) launched).next();

        assertThat(((Change.Moved<Execution, Report>) launched).events()).isEmpty();
        assertThat(waiting.state()).isEqualTo(ExecutionState.LAUNCHED);
        Change<Execution, Report> started = waiting.started(0, "mock/builds/mflow-jt-1-1", "Pod p Status: Running", NOW);
        assertThat(stages(started)).containsExactly(ReportStage.ACTIVE);
        assertThat(((Change.Moved<Execution, Report>) started).events().get(0).message()).isEqualTo("Pod p Status: Running");
        assertThat(stages(waiting.finished(Outcome.failed("DeadlineExceeded"), NOW)))
                .as("ended before its pod ran").containsExactly(ReportStage.ACTIVE, ReportStage.FAILED);
    }

    @Test
    void anAttemptWaitingForItsBackOffIsClaimedAsSchedulingUntilWhen() {
        Attempt waiting = new Attempt("jt-1#2", "jt-1", "pt-1", "LOCAL", "echo hi", List.of(), "enc:v1:token", false,
                null, NOW.plusSeconds(5), null);

        Change.Moved<Execution, Report> claim = Execution.claim(waiting, NOW);

        assertThat(claim.events()).extracting(Report::stage).containsExactly(ReportStage.SCHEDULING);
        assertThat(claim.events().get(0).message()).isEqualTo("waits until 2026-11-25T06:00:05Z to start");
        assertThat(Execution.claim(waiting, NOW.plusSeconds(5)).events()).extracting(Report::stage)
                .containsExactly(ReportStage.CREATING);
    }

    @Test
    void theFinalReportCarriesTheExitCode() {
        Change<Execution, Report> finished = running().finished(Outcome.ofExit(3, "boom", Map.of()), NOW);

        assertThat(((Change.Moved<Execution, Report>) finished).events().get(0).exitCode()).isEqualTo(3);
        assertThat(((Change.Moved<Execution, Report>) running().finished(Outcome.lost(), NOW)).events().get(0).exitCode()).isNull();
    }

    @Test
    void reportIdsAreDerivedFromTheAttemptAndTheStage() {
        assertThat(Execution.claim(attempt(), NOW).events().get(0).reportId()).isEqualTo("jt-1#1:CREATING");
        assertThat(((Change.Moved<Execution, Report>) claimed().started(42, "/w", NOW)).events().get(0).reportId())
                .isEqualTo("jt-1#1:ACTIVE");
    }

    @Test
    void startingAClaimedAttemptRecordsThePidAndAnnouncesActive() {
        Change<Execution, Report> started = claimed().started(42, "/work/jt-1", NOW);

        Execution next = ((Change.Moved<Execution, Report>) started).next();
        assertThat(next.state()).isEqualTo(ExecutionState.RUNNING);
        assertThat(next.pid()).isEqualTo(42L);
        assertThat(next.workDir()).isEqualTo("/work/jt-1");
        assertThat(stages(started)).containsExactly(ReportStage.ACTIVE);
    }

    @Test
    void recordingTheSameStartTwiceChangesNothing() {
        assertThat(running().started(42, "/work/jt-1", NOW)).isInstanceOf(Change.Unchanged.class);
    }

    @Test
    void aCanceledAttemptCannotStart() {
        Execution canceled = ((Change.Moved<Execution, Report>) claimed().canceled("stop", NOW)).next();

        assertThat(canceled.started(42, "/w", NOW)).isInstanceOf(Change.Refused.class);
    }

    @Test
    void aRunningAttemptThatEndsAnnouncesOnlyItsFinalStage() {
        Change<Execution, Report> finished = running().finished(Outcome.ofExit(0, "", Map.of("A", "1")), NOW);

        assertThat(((Change.Moved<Execution, Report>) finished).next().state()).isEqualTo(ExecutionState.FINISHED);
        assertThat(stages(finished)).containsExactly(ReportStage.SUCCEEDED);
        assertThat(((Change.Moved<Execution, Report>) finished).events().get(0).outputs()).containsEntry("A", "1");
    }

    @Test
    void aLostAttemptSaysSoInItsFinalReport() {
        Change<Execution, Report> lost = running().finished(Outcome.lost(), NOW);
        Report report = ((Change.Moved<Execution, Report>) lost).events().get(0);
        assertThat(report.stage()).isEqualTo(ReportStage.FAILED);
        assertThat(report.lost()).isTrue();
        assertThat(((Change.Moved<Execution, Report>) running().finished(Outcome.ofExit(3, "", Map.of()), NOW)).events().get(0).lost())
                .isFalse();
    }

    @Test
    void anAttemptThatEndsBeforeItsStartWasRecordedStillAnnouncesActiveFirst() {
        Change<Execution, Report> finished = claimed().finished(Outcome.ofExit(3, "", Map.of()), NOW);

        assertThat(stages(finished)).containsExactly(ReportStage.ACTIVE, ReportStage.FAILED);
    }

    @Test
    void aFinishedAttemptIgnoresALaterEndOrCancel() {
        Execution finished = ((Change.Moved<Execution, Report>) running().finished(Outcome.succeeded(Map.of()), NOW)).next();

        assertThat(finished.finished(Outcome.lost(), NOW)).isInstanceOf(Change.Unchanged.class);
        assertThat(finished.canceled("late", NOW)).isInstanceOf(Change.Unchanged.class);
    }

    @Test
    void aCanceledAttemptIgnoresTheEndOfItsKilledProcess() {
        Execution canceled = ((Change.Moved<Execution, Report>) running().canceled("stop", NOW)).next();

        assertThat(canceled.state()).isEqualTo(ExecutionState.CANCELED);
        assertThat(canceled.pid()).isEqualTo(42L);
        assertThat(canceled.finished(Outcome.lost(), NOW)).isInstanceOf(Change.Unchanged.class);
    }

    @Test
    void cancelingAnnouncesCanceledWithTheReason() {
        Change.Moved<Execution, Report> canceled = (Change.Moved<Execution, Report>) running().canceled("user asked", NOW);

        assertThat(canceled.events()).extracting(Report::stage, Report::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ReportStage.CANCELED, "user asked"));
    }

    @Test
    void aCancelBeforeTheAttemptWasSeenLeavesACanceledTombstone() {
        Change.Moved<Execution, Report> tombstone = Execution.canceledBeforeSeen(
                Attempt.canceledUnseen("jt-2#1", "jt-2", null, "enc:v1:t"), "stop", NOW);

        assertThat(tombstone.next().state()).isEqualTo(ExecutionState.CANCELED);
        assertThat(tombstone.events()).extracting(Report::stage).containsExactly(ReportStage.CANCELED);
    }

    @Test
    void aRefusedAttemptFailsWithoutEverBeingActive() {
        Change<Execution, Report> refused = claimed().refused("unknown runner type K8S", NOW);

        assertThat(stages(refused)).containsExactly(ReportStage.FAILED);
        assertThat(((Change.Moved<Execution, Report>) refused).events().get(0).message()).isEqualTo("unknown runner type K8S");
    }

    @Test
    void onlyFinishedAndCanceledExecutionsAreSettled() {
        assertThat(ExecutionState.CLAIMED.isSettled()).isFalse();
        assertThat(ExecutionState.RUNNING.isSettled()).isFalse();
        assertThat(ExecutionState.FINISHED.isSettled()).isTrue();
        assertThat(ExecutionState.CANCELED.isSettled()).isTrue();
    }

    @Test
    void reportsAreKeyedByThePipelineTaskOrElseTheJobTask() {
        assertThat(attempt().reportKey()).isEqualTo("pt-1");
        assertThat(Attempt.canceledUnseen("jt-2#1", "jt-2", null, "t").reportKey()).isEqualTo("jt-2");
    }

    @Test
    void anAttemptNeverPrintsItsSensitiveParams() {
        Attempt attempt = new Attempt("a", "j", null, "LOCAL", "", List.of(new Param("PASSWORD", "s3cret", true)),
                "t", false);

        assertThat(attempt.params().get(0).toString()).doesNotContain("s3cret");
    }
}
