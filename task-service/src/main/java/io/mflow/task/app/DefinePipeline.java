package io.mflow.task.app;

import io.mflow.task.domain.Job;
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

    private final Pipelines pipelines;
    private final Jobs jobs;
    private final Secrets secrets;
    private final Clock clock;

    public DefinePipeline(Pipelines pipelines, Jobs jobs, Secrets secrets, Clock clock) {
        this.pipelines = pipelines;
        this.jobs = jobs;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** Each task's {@code jobName} is the job reference as given: a job name or a job id. */
    public Pipeline define(String name, List<Pipeline.StageDefinition> stages) {
        if (name == null || name.isBlank()) {
            throw RequestRefused.invalid("name is required");
        }
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
                tasks.add(resolveTask(task, job.get(), where, problems));
            }
            resolved.add(new Pipeline.StageDefinition(stage.name(), stage.parallel(), tasks));
        }
        if (!problems.isEmpty()) {
            throw RequestRefused.invalid(String.join("; ", problems));
        }
        Pipeline pipeline = new Pipeline(RandomIds.next("pl-"), name, resolved, clock.instant());
        pipelines.add(pipeline);
        return pipeline;
    }

    private Optional<Job> resolve(String reference) {
        if (reference == null || reference.isBlank()) {
            return Optional.empty();
        }
        return jobs.byName(reference).or(() -> jobs.byId(reference));
    }

    private Pipeline.TaskDefinition resolveTask(Pipeline.TaskDefinition task, Job job, String where,
                                                List<String> problems) {
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
                        ? new ParamValue(value.name(), secrets.seal(value.trimmed())) : value);
            }
        }
        List<Pipeline.Webhook> webhooks = new ArrayList<>();
        for (Pipeline.Webhook hook : task.webhooks()) {
            if (hook.url() == null || hook.url().isBlank()) {
                problems.add(where + ": every webhook needs a url");
                continue;
            }
            Map<String, String> sealed = new LinkedHashMap<>();
            hook.headers().forEach((header, value) -> sealed.put(header, secrets.seal(value)));
            webhooks.add(new Pipeline.Webhook(hook.url(), hook.events(), sealed));
        }
        return new Pipeline.TaskDefinition(task.name(), job.id(), job.name(), values, task.ignoreFailed(),
                task.skip(), webhooks);
    }
}
