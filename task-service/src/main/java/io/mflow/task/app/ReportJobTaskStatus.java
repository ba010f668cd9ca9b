package io.mflow.task.app;

import io.mflow.task.domain.JobTask;
import io.mflow.task.domain.JobTaskEvent;
import io.mflow.task.domain.StatusReport;
import io.mflow.task.domain.Transition;
import java.util.Optional;

/** Applies a job task status report, from the reports topic or the REST endpoint alike. */
public class ReportJobTaskStatus {

    private static final int ATTEMPTS = 10;

    private final JobTasks jobTasks;
    private final RecentJobTasks recent;
    private final Secrets secrets;
    private final JobTaskWrites writes;

    public ReportJobTaskStatus(JobTasks jobTasks, RecentJobTasks recent, Secrets secrets, JobTaskWrites writes) {
        this.jobTasks = jobTasks;
        this.recent = recent;
        this.secrets = secrets;
        this.writes = writes;
    }

    public ReportOutcome<JobTask> report(String jobTaskId, String token, StatusReport report) {
        boolean fromStore = false;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<JobTask> remembered = fromStore ? Optional.empty() : recent.recall(jobTaskId);
            boolean stored = remembered.isEmpty();
            ReportOutcome<JobTask> outcome = apply(stored ? jobTasks.byId(jobTaskId) : remembered, jobTaskId, token,
                    report);
            if (outcome instanceof ReportOutcome.Applied<JobTask> || (outcome != null && stored)) {
                return outcome;
            }
            // Someone else wrote first, or the remembered task said no: decide again on the stored one.
            fromStore = true;
        }
        throw new IllegalStateException("job task " + jobTaskId + " kept changing under " + ATTEMPTS + " attempts");
    }

    /** The outcome of the report on {@code found}; null when someone else wrote the task first. */
    private ReportOutcome<JobTask> apply(Optional<JobTask> found, String jobTaskId, String token, StatusReport report) {
        if (found.isEmpty()) {
            return new ReportOutcome.Refused<>(ReportOutcome.Refusal.UNKNOWN_TASK, "no job task with id " + jobTaskId);
        }
        JobTask task = found.get();
        if (!isAuthentic(task, token, report)) {
            return new ReportOutcome.Refused<>(ReportOutcome.Refusal.BAD_TOKEN,
                    "the update token of job task " + jobTaskId + " is missing or wrong");
        }
        if (task.hasApplied(report.reportId())) {
            return new ReportOutcome.Ignored<>(task);
        }
        Transition<JobTask, JobTaskEvent> transition = task.moveTo(report.stage(), report);
        if (transition instanceof Transition.Rejected<JobTask, JobTaskEvent> rejected) {
            return new ReportOutcome.Refused<>(ReportOutcome.Refusal.NOT_ALLOWED, rejected.reason());
        }
        if (!(transition instanceof Transition.Moved<JobTask, JobTaskEvent> moved)) {
            return new ReportOutcome.Ignored<>(task);
        }
        if (!writes.store(task, moved)) {
            recent.forget(jobTaskId);
            return null;
        }
        if (moved.next().stage().isComplete()) {
            recent.forget(jobTaskId); // nothing more is coming: what is remembered is what is in flight
        } else {
            recent.remember(moved.next().atVersion(task.version() + 1));
        }
        return new ReportOutcome.Applied<>(moved.next());
    }

    /** The plain token (a user's agent, the REST callback) or a proof made with it for this very report (a runner). */
    private boolean isAuthentic(JobTask task, String token, StatusReport report) {
        // A sealed token is what travels in plans: holding it proves nothing, only the runner can open it.
        if (token == null || secrets.isSealed(token)) {
            return false;
        }
        if (secrets.isProof(token)) {
            return report.reportId() != null
                    && secrets.proves(token, task.tokenHash(), report.reportId(), task.id(), report.stage().name());
        }
        return task.acceptsToken(token);
    }
}
