package io.mflow.task.adapter.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import io.mflow.task.app.RequestRefused;
import io.mflow.task.domain.Gate;
import io.mflow.task.domain.Job;
import io.mflow.task.domain.Pipeline;
import io.mflow.task.domain.RetryPolicy;
import io.mflow.task.domain.ParamOption;
import io.mflow.task.domain.ParamType;
import io.mflow.task.domain.RunParam;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Request and response shapes of /api/v1/jobs. */
final class JobBodies {

    private JobBodies() {
    }

    /**
     * A null inside a list or map of a request is refused as it is read, with its path ({@code params[1]}).
     * {@code timeout}: an ISO-8601 duration ({@code PT30M}) an attempt may run, or none; {@code retry}: when mflow
     * retries its tasks by itself (none: a lost execution twice, a failure never); {@code manualStatus}: its tasks'
     * final stage comes from an outside report, not from its process's exit (default false); {@code audit}:
     * {@code {"auditors": [...], "approvals": N}}, who approves every run of the job before it runs, however it is
     * run (a pipeline's task may add auditors, never remove the job's); {@code labels}: to find it by
     * ({@code ?label=team=web}), to which its searchLabel params' defaults are added. {@code namespace} (default
     * {@code default}) and {@code version} (default {@code v1}): which published version this is; a published
     * version never changes.
     */
    record JobRequest(String name, String runnerType, String runnerSpec,
                      @JsonSetter(contentNulls = Nulls.FAIL) List<ParamBody> params, String timeout,
                      RetryBody retry, @JsonSetter(contentNulls = Nulls.FAIL) List<String> agentTags,
                      Boolean manualStatus, PipelineBodies.GateBody audit, String namespace, String version,
                      String description, @JsonSetter(contentNulls = Nulls.FAIL) Map<String, String> labels) {
        Pipeline.GateDefinition auditDefinition() {
            return audit == null ? null : audit.toDomain(Gate.Kind.AUDIT, false);
        }

        List<RunParam> runParams() {
            if (params == null) {
                return List.of();
            }
            List<RunParam> declared = new ArrayList<>();
            for (int i = 0; i < params.size(); i++) {
                declared.add(params.get(i).toDomain("params[" + i + "]"));
            }
            return declared;
        }
    }

    /**
     * {@code type}: STRING, TEXT (default), NUMBER, BOOLEAN, ENUM, URL, HTTP_ENUM, K8S_CONFIG_MAP or K8S_SECRET;
     * {@code options}: the values an ENUM allows ({@code [{"value": "prod", "label": "Production"}]}; a BOOLEAN's are
     * true and false); {@code searchLabel}: its value becomes a label of the runs that use it.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ParamBody(String name, String value, Boolean required, Boolean sensitive, Boolean readOnly,
                     String description, String type, @JsonSetter(contentNulls = Nulls.FAIL) List<OptionBody> options,
                     Boolean searchLabel) {
        RunParam toDomain(String at) {
            ParamType parsed = ParamType.named(type);
            if (parsed == null) {
                throw RequestRefused.invalid(at + ".type must be one of " + List.of(ParamType.values()) + ", not '"
                        + type + "'");
            }
            return new RunParam(name, value, Boolean.TRUE.equals(required), Boolean.TRUE.equals(sensitive),
                    Boolean.TRUE.equals(readOnly), description, parsed,
                    options == null ? List.of() : options.stream().map(o -> new ParamOption(o.value(), o.label()))
                            .toList(), Boolean.TRUE.equals(searchLabel));
        }

        static ParamBody of(RunParam param) {
            RunParam shown = param.masked();
            return new ParamBody(shown.name(), shown.value(), shown.required(), shown.sensitive(), shown.readOnly(),
                    shown.description(), shown.type().name(),
                    shown.options().isEmpty() ? null
                            : shown.options().stream().map(o -> new OptionBody(o.value(), o.label())).toList(),
                    shown.searchLabel());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record OptionBody(String value, String label) {
    }

    /**
     * A retry policy as written: {@code {"limit": 2, "backoff": "PT5S", "multiplier": 2, "on": ["FAILED", "LOST"]}}.
     * Whoever writes one wants retries: a field left out means 2 retries, no wait, a multiplier of 2, on both causes.
     */
    record RetryBody(Integer limit, String backoff, Double multiplier,
                     @JsonSetter(contentNulls = Nulls.FAIL) List<String> on) {
        RetryPolicy toDomain(String field) {
            Set<RetryPolicy.Cause> causes = EnumSet.noneOf(RetryPolicy.Cause.class);
            List<String> named = on == null ? List.of("FAILED", "LOST") : on;
            for (int i = 0; i < named.size(); i++) {
                try {
                    causes.add(RetryPolicy.Cause.valueOf(named.get(i).trim().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw RequestRefused.invalid(field + ".on[" + i + "] must be FAILED or LOST, not '"
                            + named.get(i) + "'");
                }
            }
            Duration wait = duration(field + ".backoff", backoff);
            return new RetryPolicy(limit == null ? 2 : limit, wait, multiplier == null ? 2 : multiplier, causes);
        }

        static RetryBody of(RetryPolicy policy) {
            return policy == null ? null : new RetryBody(policy.limit(), policy.backoff().toString(),
                    policy.multiplier(), policy.on().stream().map(Enum::name).sorted().toList());
        }
    }

    /** A retry policy of a request, or null when none was given. */
    static RetryPolicy retry(String field, RetryBody body) {
        return body == null ? null : body.toDomain(field);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record JobResponse(String id, String name, String runnerType, String runnerSpec, List<ParamBody> params,
                       Instant createdAt, String createdBy, String timeout, RetryBody retry, List<String> agentTags,
                       boolean manualStatus, PipelineBodies.GateBody audit, String namespace, String version,
                       String description, boolean deprecated, Map<String, String> labels) {
        static JobResponse of(Job job) {
            return new JobResponse(job.id(), job.name(), job.runnerType(), job.runnerSpec(),
                    job.params().stream().map(ParamBody::of).toList(), job.createdAt(), job.createdBy(),
                    job.timeout() == null ? null : job.timeout().toString(), RetryBody.of(job.retry()),
                    job.agentTags().isEmpty() ? null : job.agentTags(), job.manualStatus(),
                    PipelineBodies.GateBody.of(job.audit()), job.namespace(), job.version(), job.description(),
                    job.deprecated(), job.labels());
        }
    }

    /** An ISO-8601 duration from a request, or null; anything else is refused with the field's name. */
    static Duration duration(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Duration.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw RequestRefused.invalid(field + " must be an ISO-8601 duration such as PT30M, not '" + text + "'");
        }
    }
}
