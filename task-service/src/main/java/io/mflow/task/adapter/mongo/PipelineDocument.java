package io.mflow.task.adapter.mongo;

import io.mflow.task.domain.Gate;
import io.mflow.task.domain.ParamScope;
import io.mflow.task.domain.Lane;
import io.mflow.task.domain.ParamValue;
import io.mflow.task.domain.Pipeline;
import io.mflow.task.domain.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.data.annotation.Id;

/**
 * A pipeline as stored: its stages, their tasks and the webhooks and mentions of each task and of the pipeline
 * (headers and secrets sealed).
 */
record PipelineDocument(@Id String id, String name, List<StageDocument> stages, Instant createdAt, String createdBy,
                        List<WebhookDocument> webhooks, List<MentionDocument> mentions, String namespace,
                        String description, Integer revision, Map<String, String> labels,
                        List<ParamValueDocument> params, LaneRuleDocument lane, List<ScheduleDocument> schedules) {

    /** Null in pipelines stored before schedules, and in those without one. */
    record ScheduleDocument(String name, String cron, String timeZone, List<ParamValueDocument> params, String missed,
                            boolean enabled) {
        static ScheduleDocument of(Schedule schedule) {
            return new ScheduleDocument(schedule.name(), schedule.cron(), schedule.timeZone(),
                    schedule.params().stream().map(ParamValueDocument::of).toList(), schedule.missed().name(),
                    schedule.enabled());
        }

        Schedule toDomain() {
            return new Schedule(name, cron, timeZone, orEmpty(params).stream().map(ParamValueDocument::toDomain)
                    .toList(), missed == null ? null : Schedule.Missed.valueOf(missed), enabled);
        }
    }

    /** Null in pipelines stored before lanes, and in those without one. */
    record LaneRuleDocument(String param, String whenBusy) {
    }

    static PipelineDocument of(Pipeline pipeline) {
        return new PipelineDocument(pipeline.id(), pipeline.name(),
                pipeline.stages().stream().map(StageDocument::of).toList(), pipeline.createdAt(), pipeline.createdBy(),
                pipeline.webhooks().stream().map(WebhookDocument::of).toList(),
                pipeline.mentions().stream().map(MentionDocument::of).toList(), pipeline.namespace(),
                pipeline.description(), pipeline.revision(), pipeline.labels().isEmpty() ? null : pipeline.labels(),
                pipeline.params().isEmpty() ? null : pipeline.params().stream().map(ParamValueDocument::of).toList(),
                pipeline.lane() == null ? null
                        : new LaneRuleDocument(pipeline.lane().param(), pipeline.lane().whenBusy().name()),
                pipeline.schedules().isEmpty() ? null
                        : pipeline.schedules().stream().map(ScheduleDocument::of).toList());
    }

    Pipeline toDomain() {
        return new Pipeline(id, name, stages.stream().map(StageDocument::toDomain).toList(), createdAt, createdBy,
                orEmpty(webhooks).stream().map(WebhookDocument::toDomain).toList(),
                orEmpty(mentions).stream().map(MentionDocument::toDomain).toList(), namespace, description,
                revision == null ? 1 : revision, labels,
                orEmpty(params).stream().map(ParamValueDocument::toDomain).toList(),
                lane == null ? null : new Pipeline.LaneRule(lane.param(),
                        lane.whenBusy() == null ? null : Lane.WhenBusy.valueOf(lane.whenBusy())),
                orEmpty(schedules).stream().map(ScheduleDocument::toDomain).toList());
    }

    record StageDocument(String name, boolean parallel, List<TaskDocument> tasks) {
        static StageDocument of(Pipeline.StageDefinition stage) {
            return new StageDocument(stage.name(), stage.parallel(), stage.tasks().stream().map(TaskDocument::of).toList());
        }

        Pipeline.StageDefinition toDomain() {
            return new Pipeline.StageDefinition(name, parallel, tasks.stream().map(TaskDocument::toDomain).toList());
        }
    }

    record TaskDocument(String name, String jobId, String jobName, List<ParamValueDocument> params,
                        boolean ignoreFailed, boolean skip, List<WebhookDocument> webhooks, GateDefinitionDocument audit,
                        GateDefinitionDocument confirm, String timeout, RetryDocument retry,
                        List<MentionDocument> mentions, String jobReference) {
        static TaskDocument of(Pipeline.TaskDefinition task) {
            return new TaskDocument(task.name(), task.jobId(), task.jobName(),
                    task.params().stream().map(ParamValueDocument::of).toList(),
                    task.ignoreFailed(), task.skip(), task.webhooks().stream().map(WebhookDocument::of).toList(),
                    GateDefinitionDocument.of(task.audit()), GateDefinitionDocument.of(task.confirm()),
                    task.timeout() == null ? null : task.timeout().toString(), RetryDocument.of(task.retry()),
                    task.mentions().stream().map(MentionDocument::of).toList(), task.jobReference());
        }

        Pipeline.TaskDefinition toDomain() {
            return new Pipeline.TaskDefinition(name, jobId, jobName,
                    orEmpty(params).stream().map(ParamValueDocument::toDomain).toList(), ignoreFailed, skip,
                    orEmpty(webhooks).stream().map(WebhookDocument::toDomain).toList(),
                    audit == null ? null : audit.toDomain(Gate.Kind.AUDIT),
                    confirm == null ? null : confirm.toDomain(Gate.Kind.CONFIRM),
                    timeout == null ? null : Duration.parse(timeout), RetryDocument.toDomain(retry),
                    orEmpty(mentions).stream().map(MentionDocument::toDomain).toList(), jobReference);
        }
    }

    record GateDefinitionDocument(List<String> people, int approvals, boolean allowSelfApproval) {
        static GateDefinitionDocument of(Pipeline.GateDefinition gate) {
            return gate == null ? null
                    : new GateDefinitionDocument(gate.people(), gate.approvals(), gate.allowSelfApproval());
        }

        Pipeline.GateDefinition toDomain(Gate.Kind kind) {
            return new Pipeline.GateDefinition(kind, orEmpty(people), approvals, allowSelfApproval);
        }
    }

    /** {@code stage} and {@code task}: the scope of a pipeline's own param; null (as in a task's values): every task. */
    record ParamValueDocument(String name, String value, String stage, String task) {
        static ParamValueDocument of(ParamValue value) {
            return new ParamValueDocument(value.name(), value.value(), value.scope().stage(), value.scope().task());
        }

        ParamValue toDomain() {
            return new ParamValue(name, value, new ParamScope(stage, task));
        }
    }

    record WebhookDocument(String url, List<String> events, Map<String, String> headers, String type,
                           String secret) {
        static WebhookDocument of(Pipeline.Webhook hook) {
            return new WebhookDocument(hook.url(), hook.events(), hook.headers(), hook.type(), hook.secret());
        }

        Pipeline.Webhook toDomain() {
            return new Pipeline.Webhook(url, orEmpty(events), headers == null ? Map.of() : headers, type, secret);
        }
    }

    record MentionDocument(String user, List<String> events) {
        static MentionDocument of(Pipeline.Mention mention) {
            return new MentionDocument(mention.user(), mention.events());
        }

        Pipeline.Mention toDomain() {
            return new Pipeline.Mention(user, orEmpty(events));
        }
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
