package io.mflow.task.app;

import io.mflow.platform.aggregate.AggregateChanges;
import io.mflow.platform.aggregate.Stored;
import io.mflow.task.domain.AttemptToken;
import io.mflow.task.domain.Job;
import io.mflow.task.domain.JobReference;
import io.mflow.task.domain.JobTask;
import io.mflow.task.domain.JobTaskEvent;
import io.mflow.task.domain.Lane;
import io.mflow.task.domain.Limits;
import io.mflow.task.domain.ParamReferences;
import io.mflow.task.domain.ParamValue;
import io.mflow.task.domain.Pipeline;
import io.mflow.task.domain.PipelineTask;
import io.mflow.task.domain.PipelineTaskEvent;
import io.mflow.task.domain.RunParam;
import io.mflow.task.domain.RunParamSet;
import io.mflow.task.domain.Status;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

public class RunPipeline {

    private final Pipelines pipelines;
    private final Jobs jobs;
    private final AggregateChanges<JobTask, JobTaskEvent> jobTasks;
    private final AggregateChanges<PipelineTask, PipelineTaskEvent> pipelineTasks;
    private final Secrets secrets;
    private final Subscriptions subscriptions;
    private final Clock clock;
    private final LaneTurns laneTurns;

    public RunPipeline(Pipelines pipelines, Jobs jobs, AggregateChanges<JobTask, JobTaskEvent> jobTasks,
                       AggregateChanges<PipelineTask, PipelineTaskEvent> pipelineTasks, Secrets secrets,
                       Subscriptions subscriptions, Clock clock) {
        this(pipelines, jobs, jobTasks, pipelineTasks, secrets, subscriptions, clock, null);
    }

    /** @param laneTurns where runs of a pipeline with a lane wait their turn (null: lanes are not enforced) */
    public RunPipeline(Pipelines pipelines, Jobs jobs, AggregateChanges<JobTask, JobTaskEvent> jobTasks,
                       AggregateChanges<PipelineTask, PipelineTaskEvent> pipelineTasks, Secrets secrets,
                       Subscriptions subscriptions, Clock clock, LaneTurns laneTurns) {
        this.laneTurns = laneTurns;
        this.pipelines = pipelines;
        this.jobs = jobs;
        this.jobTasks = jobTasks;
        this.pipelineTasks = pipelineTasks;
        this.secrets = secrets;
        this.subscriptions = subscriptions;
        this.clock = clock;
    }

    /** @param triggeredBy the user who starts the run, from the caller's credential; it travels in the run's events */
    public PipelineTask run(String pipelineId, List<ParamValue> runParams, Map<String, String> labels,
                            boolean dryRun, String triggeredBy) {
        return run(pipelineId, runParams, labels, dryRun, triggeredBy, null);
    }

    /**
     * The same, as the run with id {@code runId} (null: a new random one). A start that comes again (a provider
     * redelivers its event, a replica repeats a schedule's due time after a crash) names the same id and gets the run
     * that exists instead of a second one: the id is what makes such a start happen once.
     */
    public PipelineTask run(String pipelineId, List<ParamValue> runParams, Map<String, String> labels,
                            boolean dryRun, String triggeredBy, String runId) {
        return run(pipelineId, runParams, labels, dryRun, triggeredBy, runId, Extras.NONE);
    }

    /**
     * What a caller other than a person adds to a run: a lane of its own (a build configuration's queue), which
     * takes the place of the pipeline's lane rule, and webhooks beside the pipeline's (already sealed as they are).
     *
     * @param laneValue the lane the run waits in, one run at a time, first come first (null: the pipeline's rule)
     */
    public record Extras(String laneValue, List<Pipeline.Webhook> webhooks, Set<String> sensitiveNames) {
        public static final Extras NONE = new Extras(null, List.of(), Set.of());

        /** @param sensitiveNames run params whose values are secrets whatever their jobs declare: sealed, masked */
        public Extras {
            webhooks = webhooks == null ? List.of() : List.copyOf(webhooks);
            sensitiveNames = sensitiveNames == null ? Set.of() : Set.copyOf(sensitiveNames);
        }
    }

    public PipelineTask run(String pipelineId, List<ParamValue> runParams, Map<String, String> labels,
                            boolean dryRun, String triggeredBy, String runId, Extras extras) {
        if (runId != null) {
            Optional<PipelineTask> existing = pipelineTasks.read(runId).map(Stored::aggregate);
            if (existing.isPresent()) {
                return existing.get();
            }
        }
        Map<String, String> given = labels == null ? Map.of() : labels;
        RequestRefused.ifInvalid(Limits.firstOf(Limits.checkValues("params", runParams),
                Limits.checkEntries("labels", given, Limits.TEXT_LENGTH, false)));
        Pipeline pipeline = pipelines.byId(pipelineId)
                .orElseThrow(() -> RequestRefused.notFound("no pipeline with id " + pipelineId));
        for (int i = 0; i < runParams.size(); i++) {
            String scopeProblem = runParams.get(i).scope().problemIn(pipeline);
            if (scopeProblem != null) {
                throw RequestRefused.invalid("params[" + i + "] '" + runParams.get(i).name() + "': " + scopeProblem);
            }
        }
        Map<Pipeline.TaskDefinition, Job> jobOfTask = new IdentityHashMap<>();
        Set<String> sensitiveNames = new HashSet<>();
        for (Pipeline.StageDefinition stage : pipeline.stages()) {
            for (Pipeline.TaskDefinition task : stage.tasks()) {
                // resolved once, when the run starts: an unpinned reference means its latest version now
                Job job = jobOf(task, pipeline.namespace());
                jobOfTask.put(task, job);
                job.params().stream().filter(RunParam::sensitive).forEach(p -> sensitiveNames.add(p.name()));
            }
        }
        sensitiveNames.addAll(extras.sensitiveNames());
        // The run's own params: its pipeline's, then its request's (which win), their ${NAME} references resolved.
        List<ParamValue> ownAndGiven = new ArrayList<>(pipeline.params());
        ownAndGiven.addAll(runParams);
        ParamReferences.Resolution resolution = ParamReferences.resolve(ownAndGiven, sensitiveNames);
        RequestRefused.ifInvalid(resolution.problem());
        List<ParamValue> runValues = resolution.values();
        // expanded values are bounded as given ones are: A=${B}${B}, B=${C}${C}... would grow without end
        RequestRefused.ifInvalid(Limits.checkValues("params", runValues));
        Instant now = clock.instant();
        String pipelineTaskId = runId != null ? runId : RandomIds.next("pt-");
        // The run's labels take the searchLabel params' values its tasks will run with: known only once merged below,
        // so the job tasks are labelled after the loop.
        List<JobTask> created = new ArrayList<>();
        Map<String, String> searchLabels = new TreeMap<>();
        List<PipelineTaskEvent.StagePlan> plan = new ArrayList<>();
        Set<String> refused = new LinkedHashSet<>();
        List<String> warnings = new ArrayList<>();
        Pipeline.LaneRule laneRule = dryRun || laneTurns == null ? null
                : extras.laneValue() != null ? new Pipeline.LaneRule(null, Lane.WhenBusy.QUEUE) : pipeline.lane();
        String laneValue = laneRule == null ? null
                : extras.laneValue() != null ? extras.laneValue() : valueOf(laneRule.param(), runValues);
        for (int stageAt = 0; stageAt < pipeline.stages().size(); stageAt++) {
            Pipeline.StageDefinition stage = pipeline.stages().get(stageAt);
            List<PipelineTaskEvent.TaskPlan> tasks = new ArrayList<>();
            for (int taskAt = 0; taskAt < stage.tasks().size(); taskAt++) {
                Pipeline.TaskDefinition task = stage.tasks().get(taskAt);
                Job job = jobOfTask.get(task);
                if (job.deprecated()) {
                    warnings.add("stage '" + stage.name() + "' task '" + task.name() + "': "
                            + JobTask.deprecationOf(job));
                }
                String jobTaskId = RandomIds.next("jt-");
                AttemptToken token = secrets.attemptTokens().issue(jobTaskId, 1);
                // Sensitive values move here from the job and the pipeline: opened where they were stored, merged,
                // then sealed again for this job task, the one place they open from now on.
                RunParamSet.Merge merge = RunParamSet.system(jobTaskId, pipelineTaskId, pipeline.id(), job.name(),
                                task.name(), stage.name(), token.sealedParam())
                        .declare(secrets.openedDefaults(job))
                        .merge(secrets.openedValues(pipeline.id(), stage.name(), task.name(), task.params())).result()
                        .merge(Pipeline.reaching(runValues, stage.name(), stageAt + 1, task.name(), taskAt + 1));
                merge.refused().forEach(name -> refused.add("run param '" + name + "' is read-only in stage '"
                        + stage.name() + "' task '" + task.name() + "'"));
                // the same misfit named once per task: each task's job may type the same name differently
                merge.result().typeProblems().forEach(problem -> refused.add(problem + " (stage '" + stage.name()
                        + "' task '" + task.name() + "')"));
                List<RunParam> merged = merge.result().params().stream()
                        .map(param -> extras.sensitiveNames().contains(param.name()) ? param.asSensitive() : param)
                        .toList();
                searchLabels.putAll(RunParam.searchLabels(merged));
                if (laneRule != null && laneValue == null) {
                    laneValue = merge.result().params().stream()
                            .filter(param -> param.name().equals(laneRule.param()) && param.hasValue()
                                    && !param.sensitive())
                            .map(RunParam::value).findFirst().orElse(null);
                }
                List<RunParam> params = merged.stream()
                        .map(param -> secrets.sealedIfSensitive(jobTaskId, param)).toList();
                JobTask jobTask = JobTask.ofJob(jobTaskId, job,
                        JobTask.Placement.inRun(task, job, pipelineTaskId, pipeline.id(), stage.name(), dryRun),
                        params, token.hash(), given, triggeredBy, now);
                created.add(jobTask);
                // audited as its job task is: the job's own audit holds the task whatever the pipeline says
                tasks.add(new PipelineTaskEvent.TaskPlan(jobTaskId, task.name(), job.name(), job.runnerType(),
                        job.runnerSpec(), task.ignoreFailed(), task.skip(), params, token.sealed(), task.webhooks(),
                        jobTask.gates().audit() != null, task.confirm() != null,
                        task.timeout() != null ? task.timeout() : job.timeout(), task.mentions(), job.agentTags(),
                        job.manualStatus()));
            }
            plan.add(new PipelineTaskEvent.StagePlan(stage.name(), stage.parallel(), tasks));
        }
        if (!refused.isEmpty()) {
            throw RequestRefused.invalid(String.join("; ", refused));
        }
        if (laneRule != null && laneValue == null) {
            throw RequestRefused.invalid("pipeline '" + pipeline.name() + "' runs one run at a time per value of"
                    + " param '" + laneRule.param() + "': give the run a value for '" + laneRule.param() + "'");
        }
        if (laneRule != null && laneRule.whenBusy() == Lane.WhenBusy.REJECT
                && !laneTurns.isFree(pipeline.id(), laneValue)) {
            throw new RequestRefused(RequestRefused.Reason.CONFLICT, "lane '" + laneValue + "' of pipeline '"
                    + pipeline.name() + "' is busy with another run, and this pipeline rejects runs while it is");
        }
        Map<String, String> runLabels = pipeline.labelsOfRun(searchLabels, given);
        RequestRefused.ifInvalid(Limits.checkEntries("labels", runLabels, Limits.TEXT_LENGTH, false));
        created.replaceAll(jobTask -> jobTask.withLabels(runLabels));
        List<String> people = new ArrayList<>();
        pipeline.mentions().forEach(mention -> people.add(mention.user()));
        pipeline.stages().forEach(stage -> stage.tasks().forEach(task -> people.addAll(task.people())));
        created.forEach(jobTask -> {
            if (jobTask.gates().audit() != null) {
                people.addAll(jobTask.gates().audit().people());
            }
        });
        List<Pipeline.Webhook> webhooks = new ArrayList<>(pipeline.webhooks());
        webhooks.addAll(extras.webhooks());
        PipelineTask.Notices notices = new PipelineTask.Notices(webhooks, pipeline.mentions(),
                subscriptions.contactsOf(people));
        PipelineTask.Started begun = PipelineTask.start(pipelineTaskId, pipeline.id(), pipeline.name(), dryRun,
                runLabels, plan, now, triggeredBy, notices, laneValue);
        PipelineTask.Started started = new PipelineTask.Started(
                begun.task().ofRevision(pipeline.revision(), warnings), begun.events());
        pipelineTasks.tooLarge(started.task(), started.events()).ifPresent(size -> {
            throw RequestRefused.invalid("the plan of this run is too large to announce (" + size + "): run fewer"
                    + " tasks, or give them smaller params and runner specs");
        });
        // Created together through the seam, with nothing to announce: the seam then recalls those in flight and the
        // relay knows their outboxes empty, so their first report costs no read and its event none either.
        jobTasks.createAll(created);
        // The pipeline task document is the commit point: it is written last and carries the plan in its outbox.
        // A crash before it leaves job tasks that no run refers to and no event announces; nothing ever drives them.
        if (!pipelineTasks.create(started.task(), started.events())) {
            // A random id that exists is a fault; a given one was created in between by the same start coming again.
            return pipelineTasks.read(pipelineTaskId).map(Stored::aggregate).filter(existing -> runId != null)
                    .orElseThrow(() -> new IllegalStateException("a task with the new id " + pipelineTaskId
                            + " exists already"));
        }
        if (laneValue == null) {
            return started.task();
        }
        // Created QUEUED before it enters its lane: a crash in between leaves a queued run that the sweep puts in
        // line, never a lane held by a run that does not exist.
        Lane.Entry entry = laneTurns.enter(started.task(), laneRule.whenBusy());
        if (entry instanceof Lane.Refused rejected) {
            // another replica let a run in between the check above and this entry
            pipelineTasks.change(started.task().id(), task -> task.moveTo(Status.CANCELED, null,
                    "rejected: " + rejected.reason(), clock.instant()));
            throw new RequestRefused(RequestRefused.Reason.CONFLICT, rejected.reason());
        }
        return laneTurns.current(started.task());
    }

    /**
     * The names of the params sensitive in a job of one of {@code pipeline}'s tasks (its latest version where a task
     * does not pin one): a value given for such a name is kept sealed until a run opens it (a release approval's).
     */
    public Set<String> sensitiveNames(Pipeline pipeline) {
        Set<String> names = new HashSet<>();
        pipeline.stages().forEach(stage -> stage.tasks().forEach(task -> jobOf(task, pipeline.namespace()).params()
                .stream().filter(RunParam::sensitive).forEach(param -> names.add(param.name()))));
        return names;
    }

    private static String valueOf(String name, List<ParamValue> runParams) {
        return runParams == null ? null : runParams.stream()
                .filter(param -> name.equals(param.name()) && param.value() != null && !param.value().isBlank())
                .map(ParamValue::value).reduce((first, last) -> last).orElse(null);
    }

    /**
     * The version of its job a task runs: the one it pins, or the latest published one now. A task defined before
     * versions names its job by id.
     */
    private Job jobOf(Pipeline.TaskDefinition task, String namespace) {
        if (task.jobReference() == null) {
            return jobs.byId(task.jobId()).orElseThrow(() -> RequestRefused.invalid(
                    "job '" + task.jobName() + "' of task '" + task.name() + "' no longer exists"));
        }
        return JobReference.parse(task.jobReference(), namespace).flatMap(jobs::resolve)
                .orElseThrow(() -> RequestRefused.invalid("job " + task.jobReference() + " of task '" + task.name()
                        + "' no longer exists"));
    }
}
