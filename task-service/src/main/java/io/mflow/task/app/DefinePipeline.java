package io.mflow.task.app;

import io.mflow.schemas.sealed.SealedPlace;
import io.mflow.task.domain.Job;
import io.mflow.task.domain.JobReference;
import io.mflow.task.domain.Limits;
import io.mflow.task.domain.ParamValue;
import io.mflow.task.domain.Pipeline;
import io.mflow.task.domain.RunParam;
import io.mflow.task.domain.Schedule;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

public class DefinePipeline {

    /** Problems told in one answer: 10,000 tasks of an unknown job would otherwise make a detail of megabytes. */
    private static final int TOLD = 20;

    private final Pipelines pipelines;
    private final Jobs jobs;
    private final Secrets secrets;
    private final Subscriptions subscriptions;
    private final Clock clock;
    private final ScheduleTurns scheduleTurns;

    public DefinePipeline(Pipelines pipelines, Jobs jobs, Secrets secrets, Subscriptions subscriptions, Clock clock) {
        this(pipelines, jobs, secrets, subscriptions, clock, null);
    }

    /** @param scheduleTurns plans the due times of its schedules as it is saved (null: the next sweep does) */
    public DefinePipeline(Pipelines pipelines, Jobs jobs, Secrets secrets, Subscriptions subscriptions, Clock clock,
                          ScheduleTurns scheduleTurns) {
        this.scheduleTurns = scheduleTurns;
        this.pipelines = pipelines;
        this.jobs = jobs;
        this.secrets = secrets;
        this.subscriptions = subscriptions;
        this.clock = clock;
    }

    /** Each task's {@code jobName} is the job reference as given: a job name or a job id. */
    /** @param createdBy the user who defines it, from the caller's credential */
    public Pipeline define(String name, List<Pipeline.StageDefinition> stages, List<Pipeline.Webhook> webhooks,
                           List<Pipeline.Mention> mentions, String createdBy) {
        return define(name, stages, webhooks, mentions, null, null, createdBy, Map.of(), List.of());
    }

    /** @param labels to find it by, and the labels of its runs unless a run says otherwise */
    public Pipeline define(String name, List<Pipeline.StageDefinition> stages, List<Pipeline.Webhook> webhooks,
                           List<Pipeline.Mention> mentions, String createdBy, Map<String, String> labels) {
        return define(name, stages, webhooks, mentions, null, null, createdBy, labels, List.of());
    }

    /**
     * @param params run params every run of it gets, each reaching the tasks of its scope; a value for a sensitive
     *               param is refused here (it would be stored in the clear): a task's params or the run give those
     */
    public Pipeline define(String name, List<Pipeline.StageDefinition> stages, List<Pipeline.Webhook> webhooks,
                           List<Pipeline.Mention> mentions, String createdBy, Map<String, String> labels,
                           List<ParamValue> params) {
        return define(name, stages, webhooks, mentions, null, null, createdBy, labels, params);
    }

    public Pipeline define(String name, List<Pipeline.StageDefinition> stages, List<Pipeline.Webhook> webhooks,
                           List<Pipeline.Mention> mentions, String namespace, String description,
                           String createdBy) {
        return define(name, stages, webhooks, mentions, namespace, description, createdBy, Map.of(), List.of());
    }

    /**
     * Each task's {@code jobName} is the job reference as given: {@code [namespace/]name[:version]} (no namespace:
     * the pipeline's), or a job id (that very version).
     *
     * @param labels to find it by, and the labels of its runs unless a run says otherwise
     * @param params run params every run of it gets, each reaching the tasks of its scope
     */
    public Pipeline define(String name, List<Pipeline.StageDefinition> stages, List<Pipeline.Webhook> webhooks,
                           List<Pipeline.Mention> mentions, String namespace, String description,
                           String createdBy, Map<String, String> labels, List<ParamValue> params) {
        return define(name, stages, webhooks, mentions, namespace, description, createdBy, labels, params, null,
                Access.EVERYWHERE);
    }

    /** @param lane one run at a time per value of a run param (null: runs do not wait for each other) */
    public Pipeline define(String name, List<Pipeline.StageDefinition> stages, List<Pipeline.Webhook> webhooks,
                           List<Pipeline.Mention> mentions, String createdBy, Pipeline.LaneRule lane) {
        return define(name, stages, webhooks, mentions, null, null, createdBy, Map.of(), List.of(), lane,
                Access.EVERYWHERE);
    }

    /** @param access where the caller may define: the pipeline's namespace, and that of every job it uses */
    public Pipeline define(String name, List<Pipeline.StageDefinition> stages, List<Pipeline.Webhook> webhooks,
                           List<Pipeline.Mention> mentions, String namespace, String description,
                           String createdBy, Map<String, String> labels, List<ParamValue> params,
                           Pipeline.LaneRule lane, Access access) {
        return define(name, stages, webhooks, mentions, namespace, description, createdBy, labels, params, lane,
                access, List.of());
    }

    /** @param schedules start runs of it at their due times */
    public Pipeline define(String name, List<Pipeline.StageDefinition> stages, List<Pipeline.Webhook> webhooks,
                           List<Pipeline.Mention> mentions, String namespace, String description,
                           String createdBy, Map<String, String> labels, List<ParamValue> params,
                           Pipeline.LaneRule lane, Access access, List<Schedule> schedules) {
        Pipeline pipeline = withSchedules(checked(RandomIds.next("pl-"), name, stages, webhooks, mentions, namespace,
                description, clock.instant(), createdBy, 1, labels, params, lane, access), schedules);
        pipelines.add(pipeline);
        planned(pipeline);
        return pipeline;
    }

    /**
     * Replaces the definition of pipeline {@code id} with a new revision. Its runs in flight are not touched: each
     * run carries its plan from its start.
     *
     * @param namespace null: the one it has; it stays in its namespace unless one is named
     */
    public Pipeline change(String id, String name, List<Pipeline.StageDefinition> stages,
                           List<Pipeline.Webhook> webhooks, List<Pipeline.Mention> mentions, String namespace,
                           String description, Map<String, String> labels, List<ParamValue> params,
                           Pipeline.LaneRule lane, Access access) {
        return change(id, name, stages, webhooks, mentions, namespace, description, labels, params, lane, access,
                null);
    }

    /**
     * @param schedules the pipeline's schedules from now on (null: those it has); a schedule whose cron, time zone,
     *                  missed or enabled changed is next due at its first due time after now, one that kept them
     *                  keeps its plan, so no due time runs twice
     */
    public Pipeline change(String id, String name, List<Pipeline.StageDefinition> stages,
                           List<Pipeline.Webhook> webhooks, List<Pipeline.Mention> mentions, String namespace,
                           String description, Map<String, String> labels, List<ParamValue> params,
                           Pipeline.LaneRule lane, Access access, List<Schedule> schedules) {
        Pipeline current = pipelines.byId(id).orElseThrow(() -> RequestRefused.notFound("no pipeline with id " + id));
        access.check(current.namespace(), "change pipelines");
        Pipeline next = withSchedules(checked(id, name, stages, webhooks, mentions,
                namespace == null ? current.namespace() : namespace, description, current.createdAt(),
                current.createdBy(), current.revision() + 1, labels, params, lane, access),
                schedules == null ? current.schedules() : schedules);
        if (!pipelines.replace(next, current.revision())) {
            throw new RequestRefused(RequestRefused.Reason.CONFLICT, "pipeline " + id + " was changed or deleted"
                    + " meanwhile (it was at revision " + current.revision() + "): read it again and change that");
        }
        planned(next);
        return next;
    }

    private void planned(Pipeline pipeline) {
        if (scheduleTurns != null) {
            // the sweep plans it too (and repairs a crash right here): this only shows the next due time at once
            scheduleTurns.plan(pipeline);
        }
    }

    /** The checked pipeline with its schedules, checked against it: their params as a run request's would be. */
    private Pipeline withSchedules(Pipeline pipeline, List<Schedule> schedules) {
        List<Schedule> given = schedules == null ? List.of() : schedules;
        RequestRefused.ifInvalid(Limits.checkCount("schedules", given.size(), Limits.ENTRIES));
        List<String> problems = new ArrayList<>();
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < given.size(); i++) {
            Schedule schedule = given.get(i);
            String at = "schedules[" + i + "]";
            String nameProblem = Limits.checkName(at + ".name", schedule.name(), JobReference.PART);
            if (nameProblem != null) {
                problems.add(nameProblem);
                continue;
            }
            String where = "schedule '" + schedule.name() + "'";
            if (!names.add(schedule.name())) {
                problems.add(where + " is named twice");
            }
            String timing = Limits.firstOf(Limits.checkLength(at + ".cron", schedule.cron(), Limits.NAME_LENGTH),
                    Limits.checkLength(at + ".timeZone", schedule.timeZone(), Limits.NAME_LENGTH),
                    Limits.checkValues(at + ".params", schedule.params()));
            if (timing == null) {
                timing = CronDueTimes.problemOf(schedule);
                if (timing != null) {
                    timing = where + ": " + timing;
                }
            }
            if (timing != null) {
                problems.add(timing);
                continue;
            }
            for (int p = 0; p < schedule.params().size(); p++) {
                paramProblems(where + " params[" + p + "]", schedule.params().get(p), pipeline)
                        .forEach(problems::add);
            }
        }
        if (!problems.isEmpty()) {
            throw RequestRefused.invalid(String.join("; ", problems.subList(0, Math.min(problems.size(), TOLD))));
        }
        return new Pipeline(pipeline.id(), pipeline.name(), pipeline.stages(), pipeline.createdAt(),
                pipeline.createdBy(), pipeline.webhooks(), pipeline.mentions(), pipeline.namespace(),
                pipeline.description(), pipeline.revision(), pipeline.labels(), pipeline.params(), pipeline.lane(),
                given);
    }

    private Pipeline checked(String id, String name, List<Pipeline.StageDefinition> stages,
                             List<Pipeline.Webhook> webhooks, List<Pipeline.Mention> mentions, String namespace,
                             String description, Instant createdAt, String createdBy, int revision,
                             Map<String, String> labels, List<ParamValue> params, Pipeline.LaneRule lane,
                             Access access) {
        String ns = namespace == null ? Job.DEFAULT_NAMESPACE : namespace;
        if (lane != null) {
            RequestRefused.ifInvalid(Limits.checkName("lane.param", lane.param(), null));
        }
        Map<String, String> given = labels == null ? Map.of() : labels;
        List<ParamValue> own = params == null ? List.of() : params;
        RequestRefused.ifInvalid(Limits.checkValues("params", own));
        RequestRefused.ifInvalid(Limits.checkEntries("labels", given, Limits.TEXT_LENGTH, false));
        RequestRefused.ifInvalid(Limits.firstOf(Limits.checkCount("webhooks", webhooks.size(), Limits.ENTRIES),
                Limits.checkCount("mentions", mentions.size(), Limits.ENTRIES)));
        RequestRefused.ifInvalid(Limits.firstOf(Limits.checkName("name", name, null),
                Limits.checkName("namespace", ns, JobReference.PART),
                Limits.checkLength("description", description, Limits.TEXT_LENGTH)));
        RequestRefused.ifInvalid(sizeProblem(stages));
        access.check(ns, "define pipelines");
        List<String> problems = new ArrayList<>(Pipeline.shapeProblems(stages));
        List<Pipeline.StageDefinition> resolved = new ArrayList<>();
        for (Pipeline.StageDefinition stage : stages) {
            List<Pipeline.TaskDefinition> tasks = new ArrayList<>();
            for (Pipeline.TaskDefinition task : stage.tasks()) {
                String where = "stage '" + stage.name() + "' task '" + task.name() + "'";
                Optional<Resolved> job = resolve(task.jobName(), ns);
                if (job.isEmpty()) {
                    problems.add(where + ": unknown job '" + task.jobName() + "'");
                    continue;
                }
                access.check(job.get().job().namespace(), "use job " + job.get().job().reference() + " (" + where
                        + ")");
                tasks.add(resolveTask(id, stage.name(), task, job.get(), where, problems));
            }
            resolved.add(new Pipeline.StageDefinition(stage.name(), stage.parallel(), tasks));
        }
        if (!problems.isEmpty()) {
            throw RequestRefused.invalid(String.join("; ", problems.subList(0, Math.min(problems.size(), TOLD)))
                    + (problems.size() > TOLD ? "; and " + (problems.size() - TOLD) + " more" : ""));
        }
        Pipeline shape = new Pipeline(id, name, resolved, clock.instant(), createdBy, List.of(), List.of(), given, own);
        for (int i = 0; i < own.size(); i++) {
            problems.addAll(paramProblems("params[" + i + "]", own.get(i), shape));
        }
        List<Pipeline.Webhook> ownWebhooks = subscriptions.webhooks("pipeline", webhooks, problems);
        List<Pipeline.Mention> ownMentions = subscriptions.mentions("pipeline", mentions, problems);
        if (!problems.isEmpty()) {
            throw RequestRefused.invalid(String.join("; ", problems.subList(0, Math.min(problems.size(), TOLD))));
        }
        return new Pipeline(id, name, resolved, createdAt, createdBy, ownWebhooks, ownMentions, ns, description,
                revision, given, own, lane);
    }

    /**
     * Checked before anything else, so an oversized pipeline costs no look-up and its problem is the only one told.
     * Paths are as in the request body ({@code stages[0].tasks[1].name}).
     */
    private static String sizeProblem(List<Pipeline.StageDefinition> stages) {
        String problem = Limits.checkCount("stages", stages.size(), Limits.STAGES);
        for (int s = 0; problem == null && s < stages.size(); s++) {
            Pipeline.StageDefinition stage = stages.get(s);
            String at = "stages[" + s + "]";
            problem = Limits.firstOf(Limits.checkLength(at + ".name", stage.name(), Limits.NAME_LENGTH),
                    Limits.checkPrintable(at + ".name", stage.name()),
                    Limits.checkCount(at + ".tasks", stage.tasks().size(), Limits.TASKS_PER_STAGE));
            for (int t = 0; problem == null && t < stage.tasks().size(); t++) {
                problem = sizeProblem(at + ".tasks[" + t + "]", stage.tasks().get(t));
            }
        }
        return problem;
    }

    private static String sizeProblem(String at, Pipeline.TaskDefinition task) {
        String problem = Limits.firstOf(Limits.checkLength(at + ".name", task.name(), Limits.NAME_LENGTH),
                Limits.checkPrintable(at + ".name", task.name()),
                Limits.checkLength(at + ".job", task.jobName(), Limits.NAME_LENGTH),
                Limits.checkValues(at + ".params", task.params()),
                Limits.checkCount(at + ".webhooks", task.webhooks().size(), Limits.ENTRIES),
                Limits.checkGate(at + ".audit.auditors", task.audit()),
                Limits.checkGate(at + ".confirm.checkers", task.confirm()),
                Limits.checkTimeout(at + ".timeout", task.timeout()),
                task.retry() == null ? null : task.retry().problems(at + ".retry").stream().findFirst().orElse(null));
        for (int w = 0; problem == null && w < task.webhooks().size(); w++) {
            Pipeline.Webhook hook = task.webhooks().get(w);
            String hookAt = at + ".webhooks[" + w + "]";
            problem = Limits.firstOf(Limits.checkLength(hookAt + ".url", hook.url(), Limits.TEXT_LENGTH),
                    Limits.checkCount(hookAt + ".events", hook.events().size(), Limits.ENTRIES),
                    Limits.checkEntries(hookAt + ".headers", hook.headers(), Limits.VALUE_BYTES, true));
            for (int e = 0; problem == null && e < hook.events().size(); e++) {
                problem = Limits.checkLength(hookAt + ".events[" + e + "]", hook.events().get(e), Limits.NAME_LENGTH);
            }
        }
        return problem;
    }


    /**
     * A pipeline's param must reach a task whose job declares it (an undeclared name would be dropped without a
     * word), fit the type each of those jobs gives it, and not be sensitive for any of them.
     */
    private List<String> paramProblems(String at, ParamValue value, Pipeline pipeline) {
        String scopeProblem = value.scope().problemIn(pipeline);
        if (scopeProblem != null) {
            return List.of(at + " '" + value.name() + "': " + scopeProblem);
        }
        List<String> problems = new ArrayList<>();
        boolean declared = false;
        for (int s = 0; s < pipeline.stages().size(); s++) {
            Pipeline.StageDefinition stage = pipeline.stages().get(s);
            for (int t = 0; t < stage.tasks().size(); t++) {
                Pipeline.TaskDefinition task = stage.tasks().get(t);
                if (!value.scope().reaches(stage.name(), s + 1, task.name(), t + 1)) {
                    continue;
                }
                Optional<RunParam> param = jobs.byId(task.jobId()).flatMap(job -> job.params().stream()
                        .filter(p -> p.name().equals(value.name())).findFirst());
                if (param.isEmpty()) {
                    continue;
                }
                declared = true;
                if (param.get().sensitive() && !value.isEmpty()) {
                    problems.add(at + " '" + value.name() + "' is sensitive for task '" + task.name()
                            + "': give its value in the task's params or when running");
                } else if (!value.isEmpty() && !value.trimmed().contains("${")) {
                    String misfit = param.get().withValue(value.trimmed()).typeProblem();
                    if (misfit != null) {
                        problems.add(at + ": " + misfit + " (task '" + task.name() + "')");
                    }
                }
            }
        }
        if (!declared) {
            problems.add(at + " '" + value.name() + "': no job of a task it reaches (" + value.scope()
                    + ") declares it");
        }
        return problems;
    }

    /** The job a task names now, and the reference its definition keeps. */
    private record Resolved(Job job, JobReference reference) {
    }

    /**
     * A reference as written, or a job id: an id pins the version it is, so the pipeline keeps running that one.
     */
    private Optional<Resolved> resolve(String text, String namespace) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        Optional<Resolved> named = JobReference.parse(text, namespace)
                .flatMap(reference -> jobs.resolve(reference).map(job -> new Resolved(job, reference)));
        return named.or(() -> jobs.byId(text).map(job -> new Resolved(job,
                new JobReference(job.namespace(), job.name(), job.version()))));
    }

    private Pipeline.TaskDefinition resolveTask(String pipelineId, String stageName, Pipeline.TaskDefinition task,
                                                Resolved resolved, String where, List<String> problems) {
        Job job = resolved.job();
        List<ParamValue> values = new ArrayList<>();
        for (ParamValue value : task.params()) {
            Optional<RunParam> declared = job.params().stream().filter(p -> p.name().equals(value.name())).findFirst();
            if (declared.isEmpty()) {
                problems.add(where + ": job '" + job.name() + "' does not declare param '" + value.name() + "'");
            } else if (declared.get().isLocked() && !value.isEmpty()
                    && !declared.get().value().equals(value.trimmed())) {
                problems.add(where + ": param '" + value.name() + "' of job '" + job.name()
                        + "' is read-only and has a value already");
            } else if (declared.get().withValue(value.trimmed()).typeProblem() != null) {
                problems.add(where + ": " + declared.get().withValue(value.trimmed()).typeProblem());
            } else {
                values.add(declared.get().sensitive() && !value.isEmpty()
                        ? new ParamValue(value.name(), secrets.seal(value.trimmed(), SealedPlace.pipelineTaskParam(
                                pipelineId, stageName, task.name(), value.name())))
                        : value);
            }
        }
        List<Pipeline.Webhook> webhooks = subscriptions.webhooks(where, task.webhooks(), problems);
        List<Pipeline.Mention> mentions = subscriptions.mentions(where, task.mentions(), problems);
        return new Pipeline.TaskDefinition(task.name(), job.id(), job.name(), values, task.ignoreFailed(),
                task.skip(), webhooks, task.audit(), task.confirm(), task.timeout(), task.retry(), mentions,
                resolved.reference().toString());
    }
}
