package io.mflow.task.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.platform.aggregate.AggregateChanges;
import io.mflow.platform.aggregate.AggregateStore;
import io.mflow.platform.aggregate.Stored;
import io.mflow.platform.change.Change;
import io.mflow.platform.outbox.OutboxEntry;
import io.mflow.schemas.sealed.SealedPlace;
import io.mflow.task.domain.Actor;
import io.mflow.task.domain.AttemptToken;
import io.mflow.task.domain.Job;
import io.mflow.task.domain.JobTask;
import io.mflow.task.domain.JobTaskEvent;
import io.mflow.task.domain.Status;
import io.mflow.task.domain.StatusReport;
import io.mflow.task.domain.UpdateTokens;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportJobTaskStatusTest {

    private static final String TOKEN = "plain-update-token";
    private static final Instant NOW = Instant.parse("2026-11-30T06:00:00Z");

    private final StoredTasks store = new StoredTasks();
    private final List<String> announced = new ArrayList<>();
    private final AggregateChanges<JobTask, JobTaskEvent> jobTasks = AggregateChanges.<JobTask, JobTaskEvent>of(
                    "job_tasks", JobTask::id, store, (next, event) -> {
                        announced.add(event.toString());
                        return new OutboxEntry("e", "t", "k", Map.of(), new byte[0]);
                    }, (owner, before, after, records) -> { })
            .recalling(100, task -> !task.stage().isComplete()).build();
    private final ReportJobTaskStatus reports = new ReportJobTaskStatus(jobTasks, new PlainTokensOnly());

    private static JobTask created() {
        Job job = new Job("j-1", "build", "LOCAL", "true", List.of(), NOW, "alice", null, null);
        return JobTask.ofJob("jt-1", job, new JobTask.Placement("build", "pt-1", "pl-1", "ci", false, false, null, null,
                null), List.of(), UpdateTokens.hash(TOKEN), Map.of(), "alice", NOW);
    }

    private static StatusReport report(String id, Status stage) {
        return new StatusReport(id, stage, null, Map.of(), NOW);
    }

    private static JobTask moved(JobTask task, String reportId, Status stage) {
        return ((Change.Moved<JobTask, JobTaskEvent>) task.moveTo(stage, report(reportId, stage))).next();
    }

    @Test
    void aTasksLaterReportsAreAppliedWithoutReadingItAgain() {
        jobTasks.create(created(), List.of());

        reports.report("jt-1", TOKEN, report("r1", Status.CREATING));
        reports.report("jt-1", TOKEN, report("r2", Status.ACTIVE));
        reports.report("jt-1", TOKEN, report("r3", Status.SUCCEEDED));

        assertThat(store.reads).isZero();
        assertThat(store.tasks.get("jt-1").aggregate().stage()).isEqualTo(Status.SUCCEEDED);
        assertThat(store.tasks.get("jt-1").version()).isEqualTo(3);
        assertThat(announced).hasSize(3);
        reports.report("jt-1", TOKEN, report("r4", Status.SUCCEEDED));
        assertThat(store.reads).as("a finished task is not kept").isEqualTo(1);
    }

    @Test
    void aReportAfterSomeoneElsesWriteIsAppliedToWhatTheyWrote() {
        jobTasks.create(created(), List.of());
        reports.report("jt-1", TOKEN, report("r1", Status.CREATING));
        JobTask movedElsewhere = store.tasks.get("jt-1").aggregate();
        store.tasks.put("jt-1", new Stored<>(moved(movedElsewhere, "rest", Status.ACTIVE), 2));

        ReportOutcome<JobTask> outcome = reports.report("jt-1", TOKEN, report("r3", Status.SUCCEEDED));

        assertThat(outcome).isInstanceOf(ReportOutcome.Applied.class);
        assertThat(store.tasks.get("jt-1").version()).isEqualTo(3);
        assertThat(store.tasks.get("jt-1").aggregate().history().appliedReportIds()).containsExactly("r1", "rest", "r3");
    }

    @Test
    void aRefusalIsNeverDecidedOnARecalledTaskAlone() {
        jobTasks.create(created(), List.of());
        reports.report("jt-1", TOKEN, report("old-start", Status.ACTIVE));
        // Someone else took the task back to PENDING meanwhile: the recalled copy, ACTIVE, would refuse SCHEDULING.
        store.tasks.put("jt-1", new Stored<>(created(), 5));

        ReportOutcome<JobTask> outcome = reports.report("jt-1", TOKEN, report("r1", Status.SCHEDULING));

        assertThat(outcome).isInstanceOf(ReportOutcome.Applied.class);
        assertThat(store.reads).isEqualTo(1);
        assertThat(store.tasks.get("jt-1").aggregate().stage()).isEqualTo(Status.SCHEDULING);
    }

    /** Job tasks in a map, with the store's version guard. */
    private static final class StoredTasks implements AggregateStore<JobTask> {
        final Map<String, Stored<JobTask>> tasks = new HashMap<>();
        int reads;

        @Override
        public Optional<Stored<JobTask>> read(String id) {
            reads++;
            return Optional.ofNullable(tasks.get(id));
        }

        @Override
        public boolean insert(JobTask jobTask, List<OutboxEntry> outbox) {
            return tasks.putIfAbsent(jobTask.id(), new Stored<>(jobTask, Stored.FIRST_VERSION)) == null;
        }

        @Override
        public boolean update(JobTask next, long expectedVersion, List<OutboxEntry> outbox) {
            if (tasks.get(next.id()).version() != expectedVersion) {
                return false;
            }
            tasks.put(next.id(), new Stored<>(next, expectedVersion + 1));
            return true;
        }
    }

    /**
     * A lost agent still holds the first attempt's token after a retry: it is refused, whichever attempt its report
     * names, and a report with the new token is not believed about another attempt; the new token works.
     */
    @Test
    void afterARetryTheEndedAttemptsTokenIsRefusedAndTheTokenNotTheReportSaysWhichAttempt() {
        jobTasks.create(created(), List.of());
        assertThat(reports.report("jt-1", TOKEN, report("r-failed", Status.FAILED)))
                .isInstanceOf(ReportOutcome.Applied.class);
        jobTasks.change("jt-1", task -> task.retry(new Actor("alice"), task.plan().params(), null, NOW,
                (id, attempt) -> new AttemptToken(attempt, UpdateTokens.hash("second-token"), "sealed", "sealed")));

        for (int named : new int[] {0, 1, 2}) {
            assertThat(reports.report("jt-1", TOKEN, new StatusReport("old-" + named, Status.SUCCEEDED, null, Map.of(),
                    NOW, named))).as("the first attempt's token, naming attempt %s", named)
                    .isInstanceOfSatisfying(ReportOutcome.Refused.class,
                            refused -> assertThat(refused.refusal()).isEqualTo(ReportOutcome.Refusal.BAD_TOKEN));
        }
        assertThat(reports.report("jt-1", "second-token", new StatusReport("names-1", Status.SUCCEEDED, null, Map.of(),
                NOW, 1))).isInstanceOfSatisfying(ReportOutcome.Refused.class,
                        refused -> assertThat(refused.refusal()).isEqualTo(ReportOutcome.Refusal.BAD_TOKEN));
        assertThat(store.tasks.get("jt-1").aggregate().stage()).isEqualTo(Status.PENDING);

        assertThat(reports.report("jt-1", "second-token", new StatusReport("new-1", Status.ACTIVE, null, Map.of(),
                NOW, 2))).isInstanceOf(ReportOutcome.Applied.class);
        assertThat(store.tasks.get("jt-1").aggregate().stage()).isEqualTo(Status.ACTIVE);
    }

    /** Accepts the plain token only: no sealed values, no proofs. */
    private static final class PlainTokensOnly implements Secrets {
        @Override
        public String seal(String plain, SealedPlace place) {
            return "sealed";
        }

        @Override
        public String open(String value, SealedPlace place) {
            return value;
        }

        @Override
        public boolean isSealed(String value) {
            return false;
        }

        @Override
        public boolean isProof(String value) {
            return false;
        }

        @Override
        public boolean proves(String proof, String tokenHash, String reportId, String jobTaskId, String stage) {
            return false;
        }
    }
}
