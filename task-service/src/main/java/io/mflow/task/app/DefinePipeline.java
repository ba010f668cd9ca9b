package io.mflow.task.app;

import io.mflow.schemas.sealed.SealedPlace;
import io.mflow.task.domain.Job;
import io.mflow.task.domain.Limits;
import io.mflow.task.domain.ParamValue;
import io.mflow.task.domain.Pipeline;
import io.mflow.task.domain.RunParam;
import java.time.Clock;
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

    public DefinePipeline(Pipelines pipelines, Jobs jobs, Secrets secrets, Subscriptions subscriptions, Clock clock) {
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
        return define(name, stages, webhooks, mentions, createdBy, null);
    }

    /** @param lane one run at a time per value of a run param (null: runs do not wait for each other) */
    public Pipeline define(String name, List<Pipeline.StageDefinition> stages, List<Pipeline.Webhook> webhooks,
                           List<Pipeline.Mention> mentions, String createdBy, Pipeline.LaneRule lane) {
        if (lane != null) {
            RequestRefused.ifInvalid(Limits.checkName("lane.param", lane.param(), null));
        }
        RequestRefused.ifInvalid(Limits.firstOf(Limits.checkCount("webhooks", webhooks.size(), Limits.ENTRIES),
                Limits.checkCount("mentions", mentions.size(), Limits.ENTRIES)));
        RequestRefused.ifInvalid(Limits.checkName("name", name, null));
        RequestRefused.ifInvalid(sizeProblem(stages));
        String id = RandomIds.next("pl-");
        List<String> problems = new ArrayList<>(Pipeline.shapeProblems(stages));
        List<Pipeline.StageDefinition> resolved = new ArrayList<>();
        for (Pipeline.StageDefinition stage : stages) {
            List<Pipeline.TaskDefinition> tasks = new ArrayList<>();
            for (Pipeline.TaskDefinition task : stage.tasks()) {
                String where = "stage '" + stage.name() + "' task '" + task.name() + "'";
                Optional<Job> job = resolve(task.jobName());
                if (job.isEmpty()) {
                    problems.add(where + ": unknown job '" + task.jobName() + "'");
                    continue;
                }
                tasks.add(resolveTask(id, stage.name(), task, job.get(), where, problems));
            }
            resolved.add(new Pipeline.StageDefinition(stage.name(), stage.parallel(), tasks));
        }
        if (!problems.isEmpty()) {
            throw RequestRefused.invalid(String.join("; ", problems.subList(0, Math.min(problems.size(), TOLD)))
                    + (problems.size() > TOLD ? "; and " + (problems.size() - TOLD) + " more" : ""));
        }
        List<Pipeline.Webhook> ownWebhooks = subscriptions.webhooks("pipeline", webhooks, problems);
        List<Pipeline.Mention> ownMentions = subscriptions.mentions("pipeline", mentions, problems);
        if (!problems.isEmpty()) {
            throw RequestRefused.invalid(String.join("; ", problems.subList(0, Math.min(problems.size(), TOLD))));
        }
        Pipeline pipeline = new Pipeline(id, name, resolved, clock.instant(), createdBy,
                ownWebhooks, ownMentions, lane);
        pipelines.add(pipeline);
        return pipeline;
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


    private Optional<Job> resolve(String reference) {
        if (reference == null || reference.isBlank()) {
            return Optional.empty();
        }
        return jobs.byName(reference).or(() -> jobs.byId(reference));
    }

    private Pipeline.TaskDefinition resolveTask(String pipelineId, String stageName, Pipeline.TaskDefinition task,
                                                Job job, String where, List<String> problems) {
        List<ParamValue> values = new ArrayList<>();
        for (ParamValue value : task.params()) {
            Optional<RunParam> declared = job.params().stream().filter(p -> p.name().equals(value.name())).findFirst();
            if (declared.isEmpty()) {
                problems.add(where + ": job '" + job.name() + "' does not declare param '" + value.name() + "'");
            } else if (declared.get().isLocked() && !value.isEmpty()
                    && !declared.get().value().equals(value.trimmed())) {
                problems.add(where + ": param '" + value.name() + "' of job '" + job.name()
                        + "' is read-only and has a value already");
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
                task.skip(), webhooks, task.audit(), task.confirm(), task.timeout(), task.retry(), mentions);
    }
}
