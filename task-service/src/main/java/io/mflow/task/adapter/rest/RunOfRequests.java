package io.mflow.task.adapter.rest;

import io.mflow.platform.web.RunOfRequest;
import io.mflow.task.app.JobTasks;
import io.mflow.task.domain.Approval;
import io.mflow.task.domain.JobTask;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The run a request to task-service acts on, named in its log lines as a record of the run is in a listener's: a
 * pipeline task's path names the run itself; a job task's names the run it belongs to (itself, for a job run on its
 * own); an approval's names the approval (its records are keyed so too), and its {@code run} the run it starts. A
 * request that starts a run names it once started ({@code RunInRequestLogs.actingOn}).
 */
@Component
class RunOfRequests implements RunOfRequest {

    private static final Pattern PIPELINE_TASK = Pattern.compile("^/api/v1/pipeline-tasks/([^/]+)(/.*)?$");
    private static final Pattern JOB_TASK = Pattern.compile("^/api/v1/job-tasks/([^/]+)(/.*)?$");
    private static final Pattern APPROVAL = Pattern.compile("^/api/v1/approvals/([^/]+)(/[^/]+)?$");

    /** A read of a job task (its state, its log, polled) costs no second read to name its run: it logs nothing. */
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    private final JobTasks jobTasks;

    RunOfRequests(JobTasks jobTasks) {
        this.jobTasks = jobTasks;
    }

    @Override
    public Optional<String> runOf(String method, String path) {
        Matcher m = PIPELINE_TASK.matcher(path);
        if (m.matches()) {
            return Optional.of(m.group(1));
        }
        m = JOB_TASK.matcher(path);
        if (m.matches() && !READS.contains(method)) {
            String jobTaskId = m.group(1);
            // an unknown id is named as it came: the request still acted on it, if only to be refused
            return Optional.of(jobTasks.byId(jobTaskId).map(RunOfRequests::runOf).orElse(jobTaskId));
        }
        m = APPROVAL.matcher(path);
        if (m.matches() && !"callbacks".equals(m.group(1))) {
            return Optional.of("/run".equals(m.group(2)) ? Approval.runId(m.group(1)) : m.group(1));
        }
        return Optional.empty();
    }

    private static String runOf(JobTask jobTask) {
        return jobTask.pipelineTaskId() != null ? jobTask.pipelineTaskId() : jobTask.id();
    }
}
