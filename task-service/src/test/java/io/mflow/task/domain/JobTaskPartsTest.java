package io.mflow.task.domain;

import static io.mflow.task.domain.Status.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.task.domain.JobTaskTransitions.Move;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JobTaskPartsTest {

    private static final Instant NOW = Instant.parse("2026-12-06T08:00:00Z");

    private static final Map<Status, Set<Status>> RETRIES = Map.of(FAILED, EnumSet.of(PENDING), CANCELED,
            EnumSet.of(PENDING));
    private static final Map<Status, Set<Status>> SKIPS = Map.of(FAILED, EnumSet.of(SKIPPED), PENDING,
            EnumSet.of(SKIPPED));

    @ParameterizedTest
    @EnumSource(Status.class)
    void aRetryTakesAFailedOrCanceledTaskBackToPendingAndASkipAFailedOrPendingOneToSkipped(Status from) {
        assertThat(JobTaskTransitions.from(from, Move.RETRY)).as("retry from " + from)
                .isEqualTo(RETRIES.getOrDefault(from, EnumSet.noneOf(Status.class)));
        assertThat(JobTaskTransitions.from(from, Move.SKIP)).as("skip from " + from)
                .isEqualTo(SKIPS.getOrDefault(from, EnumSet.noneOf(Status.class)));
    }

    @ParameterizedTest
    @EnumSource(Status.class)
    void aPersonsRetryAndSkipFollowTheTable(Status from) {
        JobTask task = JobTaskTransitionsTest.jobTaskIn(from);
        assertThat(task.retry(new Actor("alice"), List.of(), null, NOW).getClass().getSimpleName()).as("retry")
                .isEqualTo(JobTaskTransitions.allows(from, PENDING, Move.RETRY) ? "Moved" : "Refused");
        assertThat(task.skip(new Actor("alice"), "why", NOW).getClass().getSimpleName()).as("skip")
                .isEqualTo(JobTaskTransitions.allows(from, SKIPPED, Move.SKIP) ? "Moved" : "Refused");
    }

    @Test
    void noReportMovesATaskAlongARetryOrSkipEdge() {
        assertThat(JobTaskTransitions.allows(FAILED, PENDING, Move.REPORT)).isFalse();
        assertThat(JobTaskTransitions.allows(PENDING, SKIPPED, Move.REPORT)).isFalse();
    }

    @Test
    void aRunsTaskIsBuiltFromItsTaskDefinitionAndItsJob() {
        Job job = new Job("j-1", "compile", "LOCAL", "make", List.of(), NOW, "vera", null,
                new RetryPolicy(2, java.time.Duration.ZERO, 1, EnumSet.of(RetryPolicy.Cause.LOST)), List.of(), true);
        Pipeline.TaskDefinition definition = new Pipeline.TaskDefinition("build", "j-1", "compile", List.of(), true,
                false, List.of(), new Pipeline.GateDefinition(Gate.Kind.AUDIT, List.of("bob"), 1, false), null, null,
                null, List.of());
        JobTask task = JobTask.ofJob("jt-1", job, JobTask.Placement.inRun(definition, job, "pt-1", "pl-1", "ci", false),
                List.of(), "hash", Map.of("team", "a"), "vera", NOW);

        assertThat(task.plan()).isEqualTo(new JobTaskPlan("build", "compile", "pt-1", "pl-1", "ci", List.of(), true,
                false, true, job.retry(), Map.of("team", "a"), "vera", "hash", NOW, "v1", List.of()));
        assertThat(task.current()).isEqualTo(new Attempt(PENDING, null, Map.of(), null, null, null, null, false,
                null, Map.of()));
        assertThat(task.gates().audit().people()).containsExactly("bob");
        assertThat(task.gates().confirm()).isNull();
        assertThat(task.history()).isEqualTo(JobTaskHistory.NONE);
    }

    @Test
    void aJobRunOnItsOwnIsNamedForItsJobAndBelongsToNoRun() {
        Job job = new Job("j-1", "deploy", "LOCAL", "make", List.of(), NOW, "vera", null, null);
        JobTask task = JobTask.ofJob("jt-1", job, JobTask.Placement.onItsOwn(job, null, false), List.of(), "hash",
                Map.of(), "vera", NOW);

        assertThat(task.plan()).isEqualTo(new JobTaskPlan("deploy", "deploy", null, null, null, List.of(), false,
                false, false, RetryPolicy.DEFAULT, Map.of(), "vera", "hash", NOW, "v1", List.of()));
        assertThat(task.gates()).isEqualTo(Gates.NONE);
        assertThat(task.stage()).isEqualTo(PENDING);
    }

    @Test
    void aTaskOfADeprecatedJobVersionRecordsTheVersionAndCarriesAWarning() {
        Job job = new Job("j-2", "deploy", "LOCAL", "make", List.of(), NOW, "vera", null, null, List.of(), false,
                null, "web", "v3", null, true);
        JobTask task = JobTask.ofJob("jt-1", job, JobTask.Placement.onItsOwn(job, null, false), List.of(), "hash",
                Map.of(), "vera", NOW);

        assertThat(task.plan().jobVersion()).isEqualTo("v3");
        assertThat(task.plan().warnings()).containsExactly("job web/deploy:v3 is deprecated: move to a newer version");
    }

    @Test
    void aFinishedAttemptKeepsWhatItsReportsLeft() {
        Attempt active = new Attempt(ACTIVE, "running", Map.of("A", "1"), NOW, null, "LOCAL@h", 3, false, "d",
                Map.of("k", "v"));
        assertThat(active.finished(SKIPPED, "skipped by alice: x", NOW.plusSeconds(1))).isEqualTo(new Attempt(
                SKIPPED, "skipped by alice: x", Map.of("A", "1"), NOW, NOW.plusSeconds(1), "LOCAL@h", 3, false, "d",
                Map.of("k", "v")));
    }

    @Test
    void theNextAttemptKeepsOnlyTheOutputsSoFar() {
        Attempt failed = new Attempt(FAILED, "boom", Map.of("A", "1"), NOW, NOW, "LOCAL@h", 1, true, "d",
                Map.of("k", "v"));
        assertThat(failed.next("retry by alice")).isEqualTo(new Attempt(PENDING, "retry by alice", Map.of("A", "1"),
                null, null, null, null, false, null, Map.of()));
        assertThat(failed.ended(1, "alice", "flaky")).isEqualTo(new PastAttempt(1, FAILED, "boom", NOW, NOW, "alice",
                "flaky", "LOCAL@h", 1));
    }

    @Test
    void theHistoryRemembersTheLastFiftyReportsAndCountsAnnouncements() {
        JobTaskHistory history = JobTaskHistory.NONE;
        for (int i = 0; i < 55; i++) {
            history = history.withApplied("r-" + i).announced();
        }
        assertThat(history.appliedReportIds()).hasSize(50).startsWith("r-5").endsWith("r-54");
        assertThat(history.transitions()).isEqualTo(55);
        assertThat(history.hasApplied("r-4")).isFalse();
        assertThat(history.withPast(new PastAttempt(1, FAILED, null, null, null, JobTask.MFLOW, "lost", null, null))
                .attempt()).isEqualTo(2);
    }

    @Test
    void aConfirmationIsAskedAnewForANewAttempt() {
        Gate decided = new Gate(Gate.Kind.CONFIRM, List.of("carol"), 1, false, GateStatus.PASS, List.of(), null);
        Gates next = new Gates(null, decided).confirmedAnew();
        assertThat(next.confirm().stage()).isEqualTo(GateStatus.PENDING);
        assertThat(next.confirm().people()).containsExactly("carol");
        assertThat(Gates.NONE.confirmedAnew()).isEqualTo(Gates.NONE);
    }
}
