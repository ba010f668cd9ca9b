package io.mflow.task.adapter.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import io.mflow.platform.net.ShownUrls;
import io.mflow.schemas.sealed.SealedPlace;
import io.mflow.task.app.RequestRefused;
import io.mflow.task.app.Secrets;
import io.mflow.task.domain.Gate;
import io.mflow.task.domain.ParamScope;
import io.mflow.task.domain.Lane;
import io.mflow.task.domain.ParamValue;
import io.mflow.task.domain.Pipeline;
import io.mflow.task.domain.RunParam;
import io.mflow.task.domain.Schedule;
import io.mflow.task.domain.ScheduleState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Request and response shapes of /api/v1/pipelines. */
final class PipelineBodies {

    private PipelineBodies() {
    }

    /**
     * A null inside a list or map of a request is refused as it is read, with its path ({@code stages[1]}). The
     * pipeline's own {@code webhooks} and {@code mentions} hear of its runs' changes.
     */
    record PipelineRequest(String name, @JsonSetter(contentNulls = Nulls.FAIL) List<StageBody> stages,
                           @JsonSetter(contentNulls = Nulls.FAIL) List<WebhookBody> webhooks,
                           @JsonSetter(contentNulls = Nulls.FAIL) List<MentionBody> mentions, String namespace,
                           String description, @JsonSetter(contentNulls = Nulls.FAIL) Map<String, String> labels,
                           @JsonSetter(contentNulls = Nulls.FAIL) List<ValueBody> params, LaneBody lane,
                           @JsonSetter(contentNulls = Nulls.FAIL) List<ScheduleBody> schedules) {

        PipelineRequest(String name, List<StageBody> stages, List<WebhookBody> webhooks, List<MentionBody> mentions,
                        String namespace, String description, Map<String, String> labels, List<ValueBody> params,
                        LaneBody lane) {
            this(name, stages, webhooks, mentions, namespace, description, labels, params, lane, null);
        }

        /** Null when the request names no schedules: a change then keeps those the pipeline has. */
        List<Schedule> pipelineSchedules() {
            if (schedules == null) {
                return null;
            }
            List<Schedule> given = new ArrayList<>();
            for (int i = 0; i < schedules.size(); i++) {
                given.add(schedules.get(i).toDomain("schedules[" + i + "]"));
            }
            return given;
        }

        List<Pipeline.StageDefinition> definitions() {
            return stages == null ? List.of() : stages.stream().map(StageBody::toDomain).toList();
        }

        List<Pipeline.Webhook> pipelineWebhooks() {
            return webhooks == null ? List.of() : webhooks.stream().map(WebhookBody::toDomain).toList();
        }

        List<Pipeline.Mention> pipelineMentions() {
            return MentionBody.toDomain(mentions);
        }
    }

    /** At most one run at a time per value of the run param {@code param}; {@code whenBusy}: QUEUE (default) or REJECT. */
    record LaneBody(String param, String whenBusy) {
        Pipeline.LaneRule toDomain() {
            if (whenBusy == null || whenBusy.isBlank()) {
                return new Pipeline.LaneRule(param, Lane.WhenBusy.QUEUE);
            }
            try {
                return new Pipeline.LaneRule(param, Lane.WhenBusy.valueOf(whenBusy.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw RequestRefused.invalid("lane.whenBusy must be QUEUE or REJECT, not '" + whenBusy + "'");
            }
        }

        static LaneBody of(Pipeline.LaneRule lane) {
            return lane == null ? null : new LaneBody(lane.param(), lane.whenBusy().name());
        }
    }

    /**
     * A schedule: {@code cron} (5 fields, 6 with seconds first, or a macro such as {@code @daily}) in {@code timeZone}
     * (IANA, default UTC), runs with {@code params}; {@code missed}: RUN_ONCE (default) or SKIP; {@code enabled}
     * defaults to true. Answers add where it stands: {@code nextDueAt}, and the last due time it started a run for
     * ({@code lastDueAt}, {@code lastFiredAt}, {@code lastRunId}, or {@code lastProblem} when the run was refused);
     * a request's values of these are ignored.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ScheduleBody(String name, String cron, String timeZone,
                        @JsonSetter(contentNulls = Nulls.FAIL) List<ValueBody> params, String missed, Boolean enabled,
                        Instant nextDueAt, Instant lastDueAt, Instant lastFiredAt, String lastRunId,
                        String lastProblem) {
        Schedule toDomain(String at) {
            Schedule.Missed whenMissed = null;
            if (missed != null && !missed.isBlank()) {
                try {
                    whenMissed = Schedule.Missed.valueOf(missed.trim().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw RequestRefused.invalid(at + ".missed must be RUN_ONCE or SKIP, not '" + missed + "'");
                }
            }
            return new Schedule(name, cron, timeZone, ValueBody.toDomain(params), whenMissed,
                    !Boolean.FALSE.equals(enabled));
        }

        static ScheduleBody of(Schedule schedule, ScheduleState state) {
            boolean current = state != null && state.timing().equals(schedule.timing());
            return new ScheduleBody(schedule.name(), schedule.cron(), schedule.timeZone(),
                    schedule.params().stream().map(v -> ValueBody.of(v, v.value())).toList(),
                    schedule.missed().name(), schedule.enabled(), current ? state.nextDueAt() : null,
                    state == null ? null : state.lastDueAt(), state == null ? null : state.lastFiredAt(),
                    state == null ? null : state.lastRunId(), state == null ? null : state.lastProblem());
        }
    }

    /** A user told by e-mail of the changes named in {@code events} (none: every change). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record MentionBody(String user, @JsonSetter(contentNulls = Nulls.FAIL) List<String> events) {
        static List<Pipeline.Mention> toDomain(List<MentionBody> mentions) {
            return mentions == null ? List.of() : mentions.stream()
                    .map(m -> new Pipeline.Mention(m.user(), m.events() == null ? List.of() : m.events())).toList();
        }

        static MentionBody of(Pipeline.Mention mention) {
            return new MentionBody(mention.user(), mention.events());
        }
    }

    record StageBody(String name, Boolean parallel,
                     @JsonSetter(contentNulls = Nulls.FAIL) List<TaskBody> tasks) {
        Pipeline.StageDefinition toDomain() {
            return new Pipeline.StageDefinition(name, Boolean.TRUE.equals(parallel),
                    tasks == null ? List.of() : tasks.stream().map(TaskBody::toDomain).toList());
        }
    }

    /**
     * {@code job} is a job reference, {@code [namespace/]name[:version]} (no namespace: the pipeline's; no version:
     * the latest published one when a run starts), or a job id (that version); responses give the reference, without
     * the namespace when it is the pipeline's, and {@code jobId}, the version it meant when the pipeline was saved. {@code allowSelfApproval} on the task lets
     * who started a run approve it at both gates.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TaskBody(String name, String job, String jobId,
                    @JsonSetter(contentNulls = Nulls.FAIL) List<ValueBody> params, Boolean ignoreFailed, Boolean skip,
                    @JsonSetter(contentNulls = Nulls.FAIL) List<WebhookBody> webhooks, GateBody audit,
                    GateBody confirm, Boolean allowSelfApproval, String timeout, JobBodies.RetryBody retry,
                    @JsonSetter(contentNulls = Nulls.FAIL) List<MentionBody> mentions) {
        Pipeline.TaskDefinition toDomain() {
            boolean self = Boolean.TRUE.equals(allowSelfApproval);
            return new Pipeline.TaskDefinition(name, null, job, ValueBody.unscoped(params, "params"),
                    Boolean.TRUE.equals(ignoreFailed), Boolean.TRUE.equals(skip),
                    webhooks == null ? List.of() : webhooks.stream().map(WebhookBody::toDomain).toList(),
                    audit == null ? null : audit.toDomain(Gate.Kind.AUDIT, self),
                    confirm == null ? null : confirm.toDomain(Gate.Kind.CONFIRM, self),
                    JobBodies.duration("timeout", timeout), JobBodies.retry("retry", retry),
                    MentionBody.toDomain(mentions));
        }
    }

    /** {@code auditors} for an audit, {@code checkers} for a confirmation; {@code approvals} defaults to 1. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record GateBody(@JsonSetter(contentNulls = Nulls.FAIL) List<String> auditors,
                    @JsonSetter(contentNulls = Nulls.FAIL) List<String> checkers, Integer approvals,
                    Boolean allowSelfApproval) {
        Pipeline.GateDefinition toDomain(Gate.Kind kind, boolean selfOnTask) {
            List<String> people = kind == Gate.Kind.AUDIT ? auditors : checkers;
            return new Pipeline.GateDefinition(kind, people == null ? List.of() : people,
                    approvals == null ? 1 : approvals, selfOnTask || Boolean.TRUE.equals(allowSelfApproval));
        }

        static GateBody of(Pipeline.GateDefinition gate) {
            if (gate == null) {
                return null;
            }
            boolean audit = gate.kind() == Gate.Kind.AUDIT;
            return new GateBody(audit ? gate.people() : null, audit ? null : gate.people(), gate.approvals(),
                    gate.allowSelfApproval());
        }
    }

    /**
     * A param's value; {@code scope} ({@code {"stage": "deploy", "task": 2}}, a stage's and a task's name or 1-based
     * number) limits one of a pipeline's own params or of a run's to the tasks it names.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ValueBody(String name, String value, ScopeBody scope) {
        ValueBody(String name, String value) {
            this(name, value, null);
        }

        static List<ParamValue> toDomain(List<ValueBody> values) {
            return values == null ? List.of() : values.stream().map(v -> new ParamValue(v.name(), v.value(),
                    v.scope() == null ? null : new ParamScope(v.scope().stage(), v.scope().task()))).toList();
        }

        /** Values that go to one task only (a pipeline task's, a retry's, a single run's): a scope is refused. */
        static List<ParamValue> unscoped(List<ValueBody> values, String field) {
            if (values != null) {
                for (int i = 0; i < values.size(); i++) {
                    if (values.get(i).scope() != null) {
                        throw RequestRefused.invalid(field + "[" + i + "].scope: only a pipeline's own params and a"
                                + " pipeline run's take a scope");
                    }
                }
            }
            return toDomain(values);
        }

        static ValueBody of(ParamValue value, String shown) {
            return new ValueBody(value.name(), shown, value.scope().isEverywhere() ? null
                    : new ScopeBody(value.scope().stage(), value.scope().task()));
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ScopeBody(String stage, String task) {
    }

    /**
     * {@code type}: GENERIC, FEISHU, DINGTALK, WECOM or SLACK (none: chosen by the url's host); {@code secret}: the
     * signing secret ({@code whsec_...} for a generic webhook, the robot's own for Feishu and DingTalk), shown masked.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record WebhookBody(String url, @JsonSetter(contentNulls = Nulls.FAIL) List<String> events,
                       @JsonSetter(contentNulls = Nulls.FAIL) Map<String, String> headers, String type,
                       String secret) {
        Pipeline.Webhook toDomain() {
            return new Pipeline.Webhook(url, events == null ? List.of() : events, headers == null ? Map.of() : headers,
                    type, secret);
        }

        /** The url shown as {@link ShownUrls} says: a chat robot's token in it is masked like the headers. */
        static WebhookBody of(Pipeline.Webhook hook, Secrets secrets) {
            Map<String, String> masked = new LinkedHashMap<>();
            hook.headers().keySet().forEach(header -> masked.put(header, RunParam.MASK));
            return new WebhookBody(ShownUrls.shown(secrets.open(hook.url(), SealedPlace.webhookUrl())), hook.events(), masked, hook.type(),
                    hook.secret() == null ? null : RunParam.MASK);
        }
    }

    record RunRequest(@JsonSetter(contentNulls = Nulls.FAIL) List<ValueBody> params,
                      @JsonSetter(contentNulls = Nulls.FAIL) Map<String, String> labels, Boolean dryRun) {
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record PipelineResponse(String id, String name, List<StageBody> stages, Instant createdAt, String createdBy,
                            List<WebhookBody> webhooks, List<MentionBody> mentions, String namespace,
                            String description, int revision, Map<String, String> labels, List<ValueBody> params,
                            LaneBody lane, List<ScheduleBody> schedules) {
        static PipelineResponse of(Pipeline pipeline, Secrets secrets) {
            return of(pipeline, secrets, Map.of());
        }

        /** @param states where each schedule stands, by name */
        static PipelineResponse of(Pipeline pipeline, Secrets secrets, Map<String, ScheduleState> states) {
            return new PipelineResponse(pipeline.id(), pipeline.name(), pipeline.stages().stream()
                    .map(stage -> new StageBody(stage.name(), stage.parallel(), stage.tasks().stream()
                            .map(task -> new TaskBody(task.name(), shownReference(task, pipeline.namespace()),
                                    task.jobId(),
                                    task.params().stream().map(v -> new ValueBody(v.name(),
                                            secrets.isSealed(v.value()) ? RunParam.MASK : v.value())).toList(),
                                    task.ignoreFailed(), task.skip(),
                                    task.webhooks().stream().map(hook -> WebhookBody.of(hook, secrets)).toList(),
                                    GateBody.of(task.audit()), GateBody.of(task.confirm()), null,
                                    task.timeout() == null ? null : task.timeout().toString(),
                                    JobBodies.RetryBody.of(task.retry()),
                                    task.mentions().stream().map(MentionBody::of).toList()))
                            .toList()))
                    .toList(), pipeline.createdAt(), pipeline.createdBy(),
                    pipeline.webhooks().stream().map(hook -> WebhookBody.of(hook, secrets)).toList(),
                    pipeline.mentions().stream().map(MentionBody::of).toList(), pipeline.namespace(),
                    pipeline.description(), pipeline.revision(), pipeline.labels(),
                    pipeline.params().stream().map(v -> ValueBody.of(v, v.value())).toList(),
                    LaneBody.of(pipeline.lane()), pipeline.schedules().stream()
                            .map(schedule -> ScheduleBody.of(schedule, states.get(schedule.name()))).toList());
        }

        private static String shownReference(Pipeline.TaskDefinition task, String namespace) {
            if (task.jobReference() == null) {
                return task.jobName();
            }
            String own = namespace + "/";
            return task.jobReference().startsWith(own) ? task.jobReference().substring(own.length())
                    : task.jobReference();
        }
    }
}
