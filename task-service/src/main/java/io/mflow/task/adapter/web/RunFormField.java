package io.mflow.task.adapter.web;

import io.mflow.task.domain.Job;
import io.mflow.task.domain.ParamValue;
import io.mflow.task.domain.Pipeline;
import io.mflow.task.domain.RunParam;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One field of a pipeline's "Run" form: a param some job of the pipeline declares, as a run's value would meet it.
 * A run's value goes to every task whose job declares the name, so the field is the union of those declarations:
 * required when a task would run without a value otherwise, sensitive when any declares it sensitive (its value is
 * never put in the page), read-only when a task has locked it already (shown, not sent). Names that begin with
 * {@code _} are the system's and outputs of earlier jobs fill them; they are not asked.
 *
 * @param shown the value a task would get without one from the form; null for a sensitive one or none
 */
public record RunFormField(String name, String shown, boolean required, boolean sensitive, boolean readOnly,
                    String description) {

    static List<RunFormField> of(Pipeline pipeline, Map<String, Job> jobsById) {
        Map<String, RunFormField> fields = new LinkedHashMap<>();
        for (Pipeline.StageDefinition stage : pipeline.stages()) {
            for (Pipeline.TaskDefinition task : stage.tasks()) {
                Job job = jobsById.get(task.jobId());
                if (job == null) {
                    continue;
                }
                Map<String, String> taskValues = new LinkedHashMap<>();
                for (ParamValue value : task.params() == null ? List.<ParamValue>of() : task.params()) {
                    taskValues.put(value.name(), value.value());
                }
                for (RunParam param : job.params()) {
                    if (param.name().startsWith("_")) {
                        continue;
                    }
                    String value = taskValues.getOrDefault(param.name(), param.value());
                    boolean hasValue = value != null && !value.isBlank();
                    RunFormField field = new RunFormField(param.name(),
                            param.sensitive() || !hasValue ? null : value, param.required() && !hasValue,
                            param.sensitive(), param.readOnly() && hasValue, param.description());
                    fields.merge(param.name(), field, RunFormField::and);
                }
            }
        }
        return new ArrayList<>(fields.values());
    }

    private RunFormField and(RunFormField other) {
        return new RunFormField(name, sensitive || other.sensitive ? null : shown != null ? shown : other.shown,
                required || other.required, sensitive || other.sensitive, readOnly || other.readOnly,
                description != null ? description : other.description);
    }
}
