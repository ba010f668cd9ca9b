package io.mflow.task.adapter.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import io.mflow.task.app.RequestRefused;
import io.mflow.task.domain.Job;
import io.mflow.task.domain.RunParam;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Request and response shapes of /api/v1/jobs. */
final class JobBodies {

    private JobBodies() {
    }

    /** A null inside a list or map of a request is refused as it is read, with its path ({@code params[1]}). */
    /** {@code timeout}: an ISO-8601 duration ({@code PT30M}) an attempt may run, or none. */
    record JobRequest(String name, String runnerType, String runnerSpec,
                      @JsonSetter(contentNulls = Nulls.FAIL) List<ParamBody> params, String timeout) {
        List<RunParam> runParams() {
            return params == null ? List.of() : params.stream().map(ParamBody::toDomain).toList();
        }
    }

    record ParamBody(String name, String value, Boolean required, Boolean sensitive, Boolean readOnly,
                     String description) {
        RunParam toDomain() {
            return new RunParam(name, value, Boolean.TRUE.equals(required), Boolean.TRUE.equals(sensitive),
                    Boolean.TRUE.equals(readOnly), description);
        }

        static ParamBody of(RunParam param) {
            RunParam shown = param.masked();
            return new ParamBody(shown.name(), shown.value(), shown.required(), shown.sensitive(), shown.readOnly(),
                    shown.description());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record JobResponse(String id, String name, String runnerType, String runnerSpec, List<ParamBody> params,
                       Instant createdAt, String createdBy, String timeout) {
        static JobResponse of(Job job) {
            return new JobResponse(job.id(), job.name(), job.runnerType(), job.runnerSpec(),
                    job.params().stream().map(ParamBody::of).toList(), job.createdAt(), job.createdBy(),
                    job.timeout() == null ? null : job.timeout().toString());
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
