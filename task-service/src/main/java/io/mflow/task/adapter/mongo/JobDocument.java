package io.mflow.task.adapter.mongo;

import io.mflow.task.domain.Gate;
import io.mflow.task.domain.Job;
import io.mflow.task.domain.ParamOption;
import io.mflow.task.domain.ParamType;
import io.mflow.task.domain.RunParam;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.data.annotation.Id;

/** A job as stored; renaming a field of {@link Job} cannot change what is stored, only this mapping can. */
record JobDocument(@Id String id, String name, String runnerType, String runnerSpec, List<ParamDocument> params,
                   Instant createdAt, String createdBy, String timeout, RetryDocument retry, List<String> agentTags,
                   Boolean manualStatus, PipelineDocument.GateDefinitionDocument audit, String namespace,
                   String version, String description, Boolean deprecated, Map<String, String> labels) {

    static JobDocument of(Job job) {
        return new JobDocument(job.id(), job.name(), job.runnerType(), job.runnerSpec(),
                job.params().stream().map(ParamDocument::of).toList(), job.createdAt(), job.createdBy(),
                job.timeout() == null ? null : job.timeout().toString(), RetryDocument.of(job.retry()), job.agentTags(),
                job.manualStatus(), PipelineDocument.GateDefinitionDocument.of(job.audit()), job.namespace(),
                job.version(), job.description(), job.deprecated(), job.labels().isEmpty() ? null : job.labels());
    }

    Job toDomain() {
        return new Job(id, name, runnerType, runnerSpec, ParamDocument.toDomain(params), createdAt, createdBy,
                timeout == null ? null : Duration.parse(timeout), RetryDocument.toDomain(retry), agentTags,
                Boolean.TRUE.equals(manualStatus), audit == null ? null : audit.toDomain(Gate.Kind.AUDIT), namespace,
                version, description, Boolean.TRUE.equals(deprecated), labels);
    }

    /** A declared or merged param; sensitive values are stored sealed, as the use cases hand them over. */
    /** {@code type}, {@code options} and {@code searchLabel} are absent from documents stored before params had them. */
    record ParamDocument(String name, String value, boolean required, boolean sensitive, boolean readOnly,
                         String description, String type, List<OptionDocument> options, Boolean searchLabel,
                         String injectedBy) {

        static ParamDocument of(RunParam param) {
            return new ParamDocument(param.name(), param.value(), param.required(), param.sensitive(),
                    param.readOnly(), param.description(), param.type().name(),
                    param.options().isEmpty() ? null
                            : param.options().stream().map(o -> new OptionDocument(o.value(), o.label())).toList(),
                    param.searchLabel() ? Boolean.TRUE : null, param.injectedBy());
        }

        static List<RunParam> toDomain(List<ParamDocument> params) {
            return params == null ? List.of() : params.stream().map(p -> new RunParam(p.name(), p.value(),
                    p.required(), p.sensitive(), p.readOnly(), p.description(), typeOf(p.type()),
                    p.options() == null ? List.of()
                            : p.options().stream().map(o -> new ParamOption(o.value(), o.label())).toList(),
                    Boolean.TRUE.equals(p.searchLabel()), p.injectedBy())).toList();
        }

        /** A type this version does not know (written by a newer one) is read as TEXT, which refuses no value. */
        private static ParamType typeOf(String stored) {
            ParamType type = ParamType.named(stored);
            return type == null ? ParamType.TEXT : type;
        }
    }

    record OptionDocument(String value, String label) {
    }
}
