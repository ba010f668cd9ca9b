package io.mflow.task.app;

import io.mflow.platform.aggregate.AggregateChanges;
import io.mflow.task.domain.AttemptToken;
import io.mflow.task.domain.Gate;
import io.mflow.task.domain.Job;
import io.mflow.task.domain.JobReference;
import io.mflow.task.domain.JobTask;
import io.mflow.task.domain.JobTaskEvent;
import io.mflow.task.domain.Limits;
import io.mflow.task.domain.ParamReferences;
import io.mflow.task.domain.ParamValue;
import io.mflow.task.domain.Pipeline;
import io.mflow.task.domain.RunParam;
import io.mflow.task.domain.RunParamSet;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Runs one job outside any pipeline. Its plan goes to pipeline-service, which drives it as a run of one task: the
 * same params merge, audit, runner, events and notifications as a job in a pipeline.
 */
public class RunSingleJob {

    private final Jobs jobs;
    private final AggregateChanges<JobTask, JobTaskEvent> jobTasks;
    private final Secrets secrets;
    private final Subscriptions subscriptions;
    private final Clock clock;

    public RunSingleJob(Jobs jobs, AggregateChanges<JobTask, JobTaskEvent> jobTasks, Secrets secrets,
                        Subscriptions subscriptions, Clock clock) {
        this.jobs = jobs;
        this.jobTasks = jobTasks;
        this.secrets = secrets;
        this.subscriptions = subscriptions;
        this.clock = clock;
    }

    /**
     * @param jobReference {@code [namespace/]name[:version]} (no namespace: default; no version: the latest
     *                     published one), or a job id
     * @param audit        who approves it before it runs, or null
     */
    public JobTask run(String jobReference, List<ParamValue> runParams, Map<String, String> labels,
                       Pipeline.GateDefinition audit, boolean dryRun, String triggeredBy) {
        return run(jobReference, runParams, labels, audit, dryRun, triggeredBy, Access.EVERYWHERE);
    }

    /** @param access where the caller may run jobs */
    public JobTask run(String jobReference, List<ParamValue> runParams, Map<String, String> labels,
                       Pipeline.GateDefinition audit, boolean dryRun, String triggeredBy, Access access) {
        Map<String, String> given = labels == null ? Map.of() : labels;
        RequestRefused.ifInvalid(Limits.firstOf(Limits.checkValues("params", runParams),
                Limits.checkEntries("labels", given, Limits.TEXT_LENGTH, false),
                audit == null ? null : Gate.shapeProblem(Gate.Kind.AUDIT, audit.people(), audit.approvals())));
        if (jobReference == null || jobReference.isBlank()) {
            throw RequestRefused.invalid("job is required: a job's name or id");
        }
        Job job = JobReference.parse(jobReference, Job.DEFAULT_NAMESPACE).flatMap(jobs::resolve)
                .or(() -> jobs.byId(jobReference))
                .orElseThrow(() -> RequestRefused.invalid("no job named or with id '" + jobReference + "'"));
        access.check(job.namespace(), "run jobs");
        Instant now = clock.instant();
        String jobTaskId = RandomIds.next("jt-");
        AttemptToken token = secrets.attemptTokens().issue(jobTaskId, 1);
        // The job's sensitive defaults are opened at the job and sealed again for this job task (see RunPipeline).
        ParamReferences.Resolution resolution = ParamReferences.resolve(runParams == null ? List.of() : runParams,
                job.params().stream().filter(RunParam::sensitive).map(RunParam::name).collect(Collectors.toSet()));
        RequestRefused.ifInvalid(resolution.problem());
        RequestRefused.ifInvalid(Limits.checkValues("params", resolution.values()));
        RunParamSet.Merge merge = RunParamSet.systemOfSingleRun(jobTaskId, job.name(), token.sealedParam())
                .declare(secrets.openedDefaults(job))
                .merge(resolution.values());
        if (!merge.refused().isEmpty()) {
            throw RequestRefused.invalid("run param " + String.join(", ", merge.refused()) + " is read-only");
        }
        List<String> misfits = merge.result().typeProblems();
        if (!misfits.isEmpty()) {
            throw RequestRefused.invalid(String.join("; ", misfits));
        }
        Map<String, String> runLabels = new TreeMap<>(RunParam.searchLabels(merge.result().params()));
        runLabels.putAll(given);
        RequestRefused.ifInvalid(Limits.checkEntries("labels", runLabels, Limits.TEXT_LENGTH, false));
        List<RunParam> params = merge.result().params().stream()
                .map(param -> secrets.sealedIfSensitive(jobTaskId, param)).toList();
        JobTask task = JobTask.ofJob(jobTaskId, job, JobTask.Placement.onItsOwn(job, audit, dryRun), params,
                token.hash(), runLabels, triggeredBy, now);
        // the job's own audit holds a single run too, with the one the run asks for beside it
        Gate merged = task.gates().audit();
        JobTaskEvent.Created created = new JobTaskEvent.Created(jobTaskId + ":created", jobTaskId, job.name(),
                job.name(), job.runnerType(), job.runnerSpec(), params, token.sealed(), dryRun, runLabels, merged != null,
                job.timeout(), now, triggeredBy, subscriptions.contactsOf(merged == null ? List.of() : merged.people()),
                job.agentTags(), job.manualStatus());
        jobTasks.tooLarge(task, List.of(created)).ifPresent(size -> {
            throw RequestRefused.invalid("this run is too large to announce (" + size + "): give it smaller params");
        });
        if (!jobTasks.create(task, List.of(created))) {
            throw new IllegalStateException("a job task with the new id " + jobTaskId + " exists already");
        }
        return task;
    }
}
