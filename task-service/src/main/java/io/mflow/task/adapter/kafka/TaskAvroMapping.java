package io.mflow.task.adapter.kafka;

import io.mflow.platform.outbox.OutboxEntry;
import io.mflow.schemas.Topics;
import io.mflow.schemas.common.GateDecision;
import io.mflow.schemas.common.GateKind;
import io.mflow.schemas.common.GateStage;
import io.mflow.schemas.common.Mention;
import io.mflow.schemas.common.RunParam;
import io.mflow.schemas.common.Verdict;
import io.mflow.schemas.common.Webhook;
import io.mflow.schemas.event.JobTaskCreated;
import io.mflow.schemas.event.JobTaskGateChanged;
import io.mflow.schemas.event.JobTaskRetried;
import io.mflow.schemas.event.JobTaskStatusChanged;
import io.mflow.schemas.event.PipelineTaskCreated;
import io.mflow.schemas.event.PipelineTaskStatusChanged;
import io.mflow.schemas.event.StagePlan;
import io.mflow.schemas.event.TaskPlan;
import io.mflow.schemas.serde.AvroSerializer;
import io.mflow.schemas.serde.EncodedRecord;
import io.mflow.task.domain.JobTaskEvent;
import io.mflow.task.domain.Pipeline;
import io.mflow.task.domain.PipelineTaskEvent;
import io.mflow.task.domain.Status;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.stereotype.Component;

/**
 * The one mapping between our domain events and the Avro records of the contract, encoded as the outbox keeps them
 * ({@link JobTaskRecords} and {@link PipelineTaskRecords} hand it to the seam).
 */
@Component
class TaskAvroMapping {

    private final AvroSerializer serializer;

    TaskAvroMapping(AvroSerializer serializer) {
        this.serializer = serializer;
    }

    OutboxEntry of(JobTaskEvent event) {
        if (event instanceof JobTaskEvent.Created created) {
            return entry(event.eventId(), event.key(), JobTaskCreated.newBuilder()
                    .setEventId(created.eventId())
                    .setJobTaskId(created.jobTaskId())
                    .setName(created.name())
                    .setJobName(created.jobName())
                    .setRunnerType(created.runnerType())
                    .setRunnerSpec(created.runnerSpec())
                    .setParams(created.params().stream().map(TaskAvroMapping::runParam).toList())
                    .setUpdateToken(created.sealedUpdateToken())
                    .setDryRun(created.dryRun())
                    .setLabels(created.labels())
                    .setAudited(created.audited())
                    .setTimeoutMillis(created.timeout() == null ? null : created.timeout().toMillis())
                    .setAgentTags(List.copyOf(created.agentTags()))
                    .setManualStatus(created.manualStatus())
                    .setCreatedAt(created.createdAt())
                    .setTriggeredBy(created.triggeredBy())
                    .setContacts(created.contacts())
                    .build());
        }
        if (event instanceof JobTaskEvent.Retried retried) {
            return entry(event.eventId(), event.key(), JobTaskRetried.newBuilder()
                    .setEventId(retried.eventId())
                    .setJobTaskId(retried.jobTaskId())
                    .setJobTaskName(retried.jobTaskName())
                    .setPipelineTaskId(retried.pipelineTaskId())
                    .setStageName(retried.stageName())
                    .setAttempt(retried.attempt())
                    .setNotBefore(retried.notBefore())
                    .setUpdateToken(retried.sealedUpdateToken())
                    .setParams(retried.params().stream().map(TaskAvroMapping::runParam).toList())
                    .setBy(retried.by())
                    .setReason(retried.reason())
                    .setOccurredAt(retried.occurredAt())
                    .build());
        }
        if (event instanceof JobTaskEvent.GateChanged gate) {
            return entry(event.eventId(), event.key(), JobTaskGateChanged.newBuilder()
                    .setEventId(gate.eventId())
                    .setJobTaskId(gate.jobTaskId())
                    .setJobTaskName(gate.jobTaskName())
                    .setPipelineTaskId(gate.pipelineTaskId())
                    .setStageName(gate.stageName())
                    .setGate(GateKind.valueOf(gate.gate().name()))
                    .setStage(GateStage.valueOf(gate.stage().name()))
                    .setDecisions(gate.decisions().stream().map(d -> GateDecision.newBuilder()
                            .setBy(d.by())
                            .setDecision(Verdict.valueOf(d.verdict().name()))
                            .setComment(d.comment())
                            .setAt(d.at())
                            .build()).toList())
                    .setOccurredAt(gate.occurredAt())
                    .setTriggeredBy(gate.triggeredBy())
                    .setPeople(gate.people())
                    .build());
        }
        JobTaskEvent.StatusChanged changed = (JobTaskEvent.StatusChanged) event;
        return entry(event.eventId(), event.key(), JobTaskStatusChanged.newBuilder()
                .setEventId(changed.eventId())
                .setJobTaskId(changed.jobTaskId())
                .setJobTaskName(changed.jobTaskName())
                .setPipelineTaskId(changed.pipelineTaskId())
                .setStageName(changed.stageName())
                .setPreviousStage(stage(changed.previousStage()))
                .setStage(stage(changed.stage()))
                .setMessage(changed.message())
                .setOutputs(changed.outputs())
                .setOccurredAt(changed.occurredAt())
                .setTriggeredBy(changed.triggeredBy())
                .setAttempt(changed.attempt())
                .setStartedAt(changed.startedAt())
                .setDetail(changed.detail())
                .setExtension(changed.extension())
                .build());
    }

    OutboxEntry of(PipelineTaskEvent event) {
        if (event instanceof PipelineTaskEvent.Created created) {
            return entry(event.eventId(), event.pipelineTaskId(), PipelineTaskCreated.newBuilder()
                    .setEventId(created.eventId())
                    .setPipelineTaskId(created.pipelineTaskId())
                    .setPipelineId(created.pipelineId())
                    .setPipelineName(created.pipelineName())
                    .setDryRun(created.dryRun())
                    .setLabels(created.labels())
                    .setStages(created.stages().stream().map(this::stagePlan).toList())
                    .setCreatedAt(created.createdAt())
                    .setTriggeredBy(created.triggeredBy())
                    .setWebhooks(created.webhooks().stream().map(TaskAvroMapping::webhook).toList())
                    .setMentions(created.mentions().stream().map(TaskAvroMapping::mention).toList())
                    .setContacts(created.contacts())
                    .setQueued(created.queued())
                    .build());
        }
        PipelineTaskEvent.StatusChanged changed = (PipelineTaskEvent.StatusChanged) event;
        return entry(event.eventId(), event.pipelineTaskId(), PipelineTaskStatusChanged.newBuilder()
                .setEventId(changed.eventId())
                .setPipelineTaskId(changed.pipelineTaskId())
                .setPipelineId(changed.pipelineId())
                .setPipelineName(changed.pipelineName())
                .setPreviousStage(stage(changed.previousStage()))
                .setStage(stage(changed.stage()))
                .setMessage(changed.message())
                .setOccurredAt(changed.occurredAt())
                .setTriggeredBy(changed.triggeredBy())
                .setStartedAt(changed.startedAt())
                .build());
    }

    private StagePlan stagePlan(PipelineTaskEvent.StagePlan stage) {
        return StagePlan.newBuilder()
                .setName(stage.name())
                .setParallel(stage.parallel())
                .setTasks(stage.tasks().stream().map(this::taskPlan).toList())
                .build();
    }

    private TaskPlan taskPlan(PipelineTaskEvent.TaskPlan task) {
        return TaskPlan.newBuilder()
                .setJobTaskId(task.jobTaskId())
                .setName(task.name())
                .setJobName(task.jobName())
                .setRunnerType(task.runnerType())
                .setRunnerSpec(task.runnerSpec())
                .setIgnoreFailed(task.ignoreFailed())
                .setSkip(task.skip())
                .setParams(task.params().stream().map(TaskAvroMapping::runParam).toList())
                .setUpdateToken(task.sealedUpdateToken())
                .setWebhooks(task.webhooks().stream().map(TaskAvroMapping::webhook).toList())
                .setAudited(task.audited())
                .setConfirmed(task.confirmed())
                .setTimeoutMillis(task.timeout() == null ? null : task.timeout().toMillis())
                .setAgentTags(List.copyOf(task.agentTags()))
                .setManualStatus(task.manualStatus())
                .setMentions(task.mentions().stream().map(TaskAvroMapping::mention).toList())
                .build();
    }

    private static Mention mention(Pipeline.Mention mention) {
        return Mention.newBuilder().setUser(mention.user()).setEvents(List.copyOf(mention.events())).build();
    }

    /**
     * Params as a record carries them: a type this version does not know is read as TEXT (any value), options only
     * where they are an ENUM's; values as they came, sealed ones sealed.
     */
    static List<io.mflow.task.domain.RunParam> params(List<RunParam> params) {
        return params.stream().map(p -> {
            io.mflow.task.domain.ParamType type = p.getType() == null ? null
                    : io.mflow.task.domain.ParamType.named(p.getType());
            return new io.mflow.task.domain.RunParam(p.getName(), p.getValue(), p.getRequired(), p.getSensitive(),
                    p.getReadOnly(), null, type, type == io.mflow.task.domain.ParamType.ENUM
                    ? p.getOptions().stream().map(o -> new io.mflow.task.domain.ParamOption(o, null)).toList()
                    : List.of(), false);
        }).toList();
    }

    private static RunParam runParam(io.mflow.task.domain.RunParam param) {
        return RunParam.newBuilder()
                .setName(param.name())
                .setValue(param.value())
                .setRequired(param.required())
                .setSensitive(param.sensitive())
                .setReadOnly(param.readOnly())
                .setType(param.type() == io.mflow.task.domain.ParamType.TEXT ? null : param.type().name())
                .setOptions(param.allowedValues())
                .build();
    }

    private static Webhook webhook(Pipeline.Webhook hook) {
        return Webhook.newBuilder()
                .setUrl(hook.url())
                .setEvents(List.copyOf(hook.events()))
                .setHeaders(hook.headers())
                .setType(hook.type())
                .setSecret(hook.secret())
                .build();
    }

    static io.mflow.schemas.common.Stage stage(Status stage) {
        if (stage == Status.QUEUED) {
            // not a Stage symbol (an old reader could not read it): to a consumer a queued run has not started yet
            return io.mflow.schemas.common.Stage.PENDING;
        }
        return io.mflow.schemas.common.Stage.valueOf(stage.name());
    }

    private OutboxEntry entry(String id, String key, SpecificRecord record) {
        EncodedRecord encoded = serializer.encode(Topics.TASK_EVENTS, record);
        return new OutboxEntry(id, Topics.TASK_EVENTS, key, encoded.headers(), encoded.value());
    }
}
