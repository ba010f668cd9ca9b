package io.mflow.task.app;

import io.mflow.platform.aggregate.AggregateChanges;
import io.mflow.platform.aggregate.Changed;
import io.mflow.platform.change.Change;
import io.mflow.task.domain.JobTask;
import io.mflow.task.domain.JobTaskEvent;
import io.mflow.task.domain.StatusReport;
import java.util.Optional;

/** Applies a job task status report, from the reports topic or the REST endpoint alike. */
public class ReportJobTaskStatus {

    /** The code of the refusal of a report whose credential does not hold. */
    static final String BAD_TOKEN = "bad-token";

    private final AggregateChanges<JobTask, JobTaskEvent> jobTasks;
    private final Secrets secrets;

    public ReportJobTaskStatus(AggregateChanges<JobTask, JobTaskEvent> jobTasks, Secrets secrets) {
        this.jobTasks = jobTasks;
        this.secrets = secrets;
    }

    public ReportOutcome<JobTask> report(String jobTaskId, String token, StatusReport report) {
        Optional<Changed<JobTask, JobTaskEvent>> changed = jobTasks.change(jobTaskId, task -> decide(task, token,
                report));
        if (changed.isEmpty()) {
            return new ReportOutcome.Refused<>(ReportOutcome.Refusal.UNKNOWN_TASK, "no job task with id " + jobTaskId);
        }
        return ReportOutcome.of(changed.get(), code -> BAD_TOKEN.equals(code) ? ReportOutcome.Refusal.BAD_TOKEN
                : ReportOutcome.Refusal.NOT_ALLOWED);
    }

    private Change<JobTask, JobTaskEvent> decide(JobTask task, String token, StatusReport report) {
        if (!isAuthentic(task, token, report)) {
            return Change.refused(BAD_TOKEN, "the update token of job task " + task.id() + " is missing or wrong, or"
                    + " is of an attempt that ended (attempt " + task.attempt() + " is the current one)");
        }
        if (task.hasApplied(report.reportId())) {
            return Change.unchanged();
        }
        // The token held is the current attempt's (an ended attempt's matches nothing kept): it says which attempt
        // the report is about, and a report naming another one is not believed.
        if (report.attempt() != 0 && report.attempt() != task.attempt()) {
            return Change.refused(BAD_TOKEN, "the update token is of attempt " + task.attempt() + " of job task "
                    + task.id() + ", not of attempt " + report.attempt() + " the report names");
        }
        return task.moveTo(report.stage(), report, secrets.attemptTokens());
    }

    /** The plain token (a user's agent, the REST callback) or a proof made with it for this very report (a runner). */
    private boolean isAuthentic(JobTask task, String token, StatusReport report) {
        // A sealed token is what travels in plans: holding it proves nothing, only the runner can open it.
        if (token == null || secrets.isSealed(token)) {
            return false;
        }
        if (secrets.isProof(token)) {
            return report.reportId() != null
                    && secrets.proves(token, task.plan().tokenHash(), report.reportId(), task.id(), report.stage().name());
        }
        return task.acceptsToken(token);
    }
}
