package io.mflow.task.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.platform.outbox.OutboxEntry;
import io.mflow.task.domain.JobTask;
import io.mflow.task.domain.JobTaskEvent;
import io.mflow.task.domain.PipelineTaskEvent;
import io.mflow.task.domain.Stage;
import io.mflow.task.domain.StatusReport;
import io.mflow.task.domain.Transition;
import io.mflow.task.domain.UpdateTokens;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportJobTaskStatusTest {

    private static final String TOKEN = "plain-update-token";
    private static final Instant NOW = Instant.parse("2026-11-30T06:00:00Z");

    private final StoredTasks store = new StoredTasks();
    private final RecentJobTasks recent = new RecentJobTasks(100);
    private final List<String> announced = new ArrayList<>();
    private final ReportJobTaskStatus reports = new ReportJobTaskStatus(store, recent, new PlainTokensOnly(),
            new JobTaskWrites(store, recent, new OutboxRecords() {
                @Override
                public OutboxEntry of(JobTaskEvent event) {
                    announced.add(event.toString());
                    return new OutboxEntry("e", "t", "k", java.util.Map.of(), new byte[0]);
                }

                @Override
                public OutboxEntry of(PipelineTaskEvent event) {
                    throw new AssertionError("no pipeline task event expected");
                }
            }, (owner, before, after, entries) -> { }, new StageChanges() {
                @Override
                public void jobTaskMoved(Stage to) {
                }

                @Override
                public void pipelineTaskMoved(Stage to) {
                }
            }));

    private static JobTask created() {
        return JobTask.create("jt-1", "build", "build", "pt-1", "pl-1", "ci", List.of(), false, false,
                UpdateTokens.hash(TOKEN), NOW, "alice", Map.of(), null, null, null);
    }

    private static StatusReport report(String id, Stage stage) {
        return new StatusReport(id, stage, null, Map.of(), NOW);
    }

    private static JobTask moved(JobTask task, String reportId, Stage stage) {
        return ((Transition.Moved<JobTask, JobTaskEvent>) task.moveTo(stage, report(reportId, stage))).next();
    }

    @Test
    void aTasksLaterReportsAreAppliedWithoutReadingItAgain() {
        store.tasks.put("jt-1", created());
        recent.remember(created());

        reports.report("jt-1", TOKEN, report("r1", Stage.CREATING));
        reports.report("jt-1", TOKEN, report("r2", Stage.ACTIVE));
        reports.report("jt-1", TOKEN, report("r3", Stage.SUCCEEDED));

        assertThat(store.reads).isZero();
        assertThat(store.tasks.get("jt-1").stage()).isEqualTo(Stage.SUCCEEDED);
        assertThat(store.tasks.get("jt-1").version()).isEqualTo(3);
        assertThat(announced).hasSize(3);
        assertThat(recent.recall("jt-1")).as("a finished task is not kept").isEmpty();
    }

    @Test
    void aReportAfterSomeoneElsesWriteIsAppliedToWhatTheyWrote() {
        store.tasks.put("jt-1", created());
        recent.remember(created());
        reports.report("jt-1", TOKEN, report("r1", Stage.CREATING));
        JobTask movedElsewhere = store.tasks.get("jt-1");
        store.tasks.put("jt-1", moved(movedElsewhere, "rest", Stage.ACTIVE).atVersion(2));

        ReportOutcome<JobTask> outcome = reports.report("jt-1", TOKEN, report("r3", Stage.SUCCEEDED));

        assertThat(outcome).isInstanceOf(ReportOutcome.Applied.class);
        assertThat(store.tasks.get("jt-1").version()).isEqualTo(3);
        assertThat(store.tasks.get("jt-1").appliedReportIds()).containsExactly("r1", "rest", "r3");
    }

    @Test
    void aRefusalIsNeverDecidedOnARememberedTaskAlone() {
        store.tasks.put("jt-1", created());
        recent.remember(moved(moved(created(), "old-start", Stage.ACTIVE), "old-end", Stage.SUCCEEDED));

        ReportOutcome<JobTask> outcome = reports.report("jt-1", TOKEN, report("r1", Stage.ACTIVE));

        assertThat(outcome).isInstanceOf(ReportOutcome.Applied.class);
        assertThat(store.reads).isEqualTo(1);
        assertThat(store.tasks.get("jt-1").stage()).isEqualTo(Stage.ACTIVE);
    }

    /** Job tasks in a map, with the store's version guard. */
    private static final class StoredTasks implements JobTasks {
        final Map<String, JobTask> tasks = new HashMap<>();
        int reads;

        @Override
        public void addAll(List<JobTask> jobTasks) {
            jobTasks.forEach(task -> tasks.put(task.id(), task));
        }

        @Override
        public void add(JobTask jobTask, List<OutboxEntry> outbox) {
            tasks.put(jobTask.id(), jobTask);
        }

        @Override
        public Optional<JobTask> byId(String id) {
            reads++;
            return Optional.ofNullable(tasks.get(id));
        }

        @Override
        public List<JobTask> ofPipelineTasks(Collection<String> pipelineTaskIds) {
            return List.of();
        }

        @Override
        public Page<JobTask> page(JobTaskQuery query, int page, int size) {
            throw new UnsupportedOperationException("not listed here");
        }

        @Override
        public boolean update(JobTask next, long expectedVersion, List<OutboxEntry> outbox) {
            if (tasks.get(next.id()).version() != expectedVersion) {
                return false;
            }
            tasks.put(next.id(), next.atVersion(expectedVersion + 1));
            return true;
        }
    }

    /** Accepts the plain token only: no sealed values, no proofs. */
    private static final class PlainTokensOnly implements Secrets {
        @Override
        public String seal(String plain) {
            return "sealed";
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
