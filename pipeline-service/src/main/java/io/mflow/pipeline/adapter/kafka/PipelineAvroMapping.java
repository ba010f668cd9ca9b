package io.mflow.pipeline.adapter.kafka;

import io.mflow.pipeline.domain.GateKind;
import io.mflow.pipeline.domain.GateStatus;
import io.mflow.pipeline.domain.Outgoing;
import io.mflow.pipeline.domain.PipelineRun;
import io.mflow.pipeline.domain.RunFact;
import io.mflow.pipeline.domain.RunParamSet;
import io.mflow.pipeline.domain.TaskStatus;
import io.mflow.platform.aggregate.EventEncoder;
import io.mflow.platform.kafka.InvalidRecordException;
import io.mflow.platform.outbox.OutboxEntry;
import io.mflow.schemas.AttemptIds;
import io.mflow.schemas.Topics;
import io.mflow.schemas.command.CancelJob;
import io.mflow.schemas.command.RunJob;
import io.mflow.schemas.common.GateDecision;
import io.mflow.schemas.common.RunParam;
import io.mflow.schemas.common.Stage;
import io.mflow.schemas.common.Verdict;
import io.mflow.schemas.event.JobTaskCreated;
import io.mflow.schemas.event.JobTaskGateChanged;
import io.mflow.schemas.event.JobTaskRetried;
import io.mflow.schemas.event.JobTaskStatusChanged;
import io.mflow.schemas.event.JobTaskStatusReported;
import io.mflow.schemas.event.JobTaskTurnCame;
import io.mflow.schemas.event.PipelineTaskCreated;
import io.mflow.schemas.event.PipelineTaskStatusChanged;
import io.mflow.schemas.event.PipelineTaskStatusReported;
import io.mflow.schemas.event.StagePlan;
import io.mflow.schemas.event.TaskPlan;
import io.mflow.schemas.sealed.ReportProofs;
import io.mflow.schemas.sealed.SealedPlace;
import io.mflow.schemas.sealed.SealedValues;
import io.mflow.schemas.serde.AvroSerializer;
import io.mflow.schemas.serde.EncodedRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;

/**
 * The one mapping between the Avro records of the contract and this service's domain: task events in as facts, and
 * what a run announces out as outbox records (the seam's encoder).
 */
public class PipelineAvroMapping implements EventEncoder<PipelineRun, Outgoing> {

    private final AvroSerializer serializer;
    private final SealedValues sealedValues;

    public PipelineAvroMapping(SealedValues sealedValues, AvroSerializer serializer) {
        this.sealedValues = sealedValues;
        this.serializer = serializer;
    }

    /** When a job's change happened, as its runner reported it: where a stage hand-off starts. */
    public Optional<Instant> causeTimeOf(SpecificRecord record) {
        return record instanceof JobTaskStatusChanged changed ? Optional.ofNullable(changed.getOccurredAt())
                : Optional.empty();
    }

    /** The fact a task event states about a run, or empty when it concerns no run this service drives. */
    public Optional<RunFact> toFact(SpecificRecord record) {
        if (record instanceof PipelineTaskCreated created) {
            return Optional.of(planned(created));
        }
        if (record instanceof JobTaskCreated created) {
            return Optional.of(single(created));
        }
        if (record instanceof JobTaskStatusChanged changed) {
            return Optional.of(new RunFact.JobTaskChanged(changed.getEventId(),
                    PipelineRun.runIdOf(changed.getPipelineTaskId(), changed.getJobTaskId()),
                    changed.getJobTaskId(), TaskStatus.valueOf(changed.getStage().name()), changed.getMessage(),
                    changed.getOutputs() == null ? Map.of() : Map.copyOf(changed.getOutputs()), changed.getAttempt()));
        }
        if (record instanceof JobTaskRetried retried) {
            return Optional.of(new RunFact.JobTaskRetried(retried.getEventId(),
                    PipelineRun.runIdOf(retried.getPipelineTaskId(), retried.getJobTaskId()), retried.getJobTaskId(),
                    retried.getAttempt(), paramSet(retried.getParams()), retried.getBy(), retried.getReason(),
                    retried.getNotBefore(), retried.getUpdateToken()));
        }
        if (record instanceof JobTaskGateChanged gate) {
            GateDecision denial = gate.getDecisions().stream().filter(d -> d.getDecision() == Verdict.DENY)
                    .findFirst().orElse(null);
            return Optional.of(new RunFact.GateChanged(gate.getEventId(),
                    PipelineRun.runIdOf(gate.getPipelineTaskId(), gate.getJobTaskId()),
                    gate.getJobTaskId(), GateKind.valueOf(gate.getGate().name()),
                    GateStatus.valueOf(gate.getStage().name()),
                    denial == null ? null : "denied by " + denial.getBy() + ": " + denial.getComment()));
        }
        if (record instanceof PipelineTaskStatusChanged changed) {
            // other pipeline stages are our own conclusions coming back through task-service
            if (changed.getStage() == Stage.CANCELING) {
                return Optional.of(new RunFact.CancelRequested(changed.getEventId(), changed.getPipelineTaskId()));
            }
            // A run that had not started (task-service's QUEUED reads PENDING here) goes: its lane let it in, or
            // it was canceled while it waited and its planned tasks are canceled with it. For a run that was never
            // held, the first is a no-op.
            if (changed.getPreviousStage() == Stage.PENDING && changed.getStage() == Stage.ACTIVE) {
                return Optional.of(new RunFact.LetGo(changed.getEventId(), changed.getPipelineTaskId()));
            }
            if (changed.getPreviousStage() == Stage.PENDING && changed.getStage() == Stage.CANCELED) {
                return Optional.of(new RunFact.CancelRequested(changed.getEventId(), changed.getPipelineTaskId()));
            }
            return Optional.empty();
        }
        throw new InvalidRecordException("unexpected record type " + record.getSchema().getFullName() + " on " + Topics.TASK_EVENTS);
    }

    /** A job run on its own: a run of one stage of one task, under the job task's id. */
    private static RunFact.Planned single(JobTaskCreated created) {
        RunParamSet params = paramSet(created.getParams());
        io.mflow.pipeline.domain.TaskPlan task = new io.mflow.pipeline.domain.TaskPlan(created.getJobTaskId(),
                created.getName(), created.getJobName(), created.getRunnerType(), created.getRunnerSpec(), false, false,
                params, created.getUpdateToken(), created.getAudited(), false, millis(created.getTimeoutMillis()),
                strings(created.getAgentTags()), created.getManualStatus());
        return new RunFact.Planned(created.getEventId(), created.getJobTaskId(), created.getJobName(),
                created.getDryRun(), created.getLabels() == null ? Map.of() : Map.copyOf(created.getLabels()),
                List.of(new io.mflow.pipeline.domain.StagePlan("job", false, List.of(task))), true);
    }

    private static Duration millis(Long millis) {
        return millis == null ? null : Duration.ofMillis(millis);
    }

    private static RunParamSet paramSet(List<RunParam> params) {
        return new RunParamSet(params.stream().map(p -> new io.mflow.pipeline.domain.RunParam(p.getName(), p.getValue(),
                p.getRequired(), p.getSensitive(), p.getReadOnly(), p.getType(), p.getOptions())).toList());
    }

    private static RunFact.Planned planned(PipelineTaskCreated created) {
        Set<String> seen = new HashSet<>();
        List<io.mflow.pipeline.domain.StagePlan> stages = created.getStages().stream().map(stage -> {
            List<io.mflow.pipeline.domain.TaskPlan> tasks = stage.getTasks().stream().map(task -> {
                if (!seen.add(task.getJobTaskId())) {
                    throw new InvalidRecordException("plan of " + created.getPipelineTaskId() + " lists job task "
                            + task.getJobTaskId() + " twice");
                }
                return taskPlan(task);
            }).toList();
            return new io.mflow.pipeline.domain.StagePlan(stage.getName(), stage.getParallel(), tasks);
        }).toList();
        return new RunFact.Planned(created.getEventId(), created.getPipelineTaskId(), created.getPipelineName(),
                created.getDryRun(), created.getLabels() == null ? Map.of() : Map.copyOf(created.getLabels()), stages,
                false, created.getQueued());
    }

    private static io.mflow.pipeline.domain.TaskPlan taskPlan(TaskPlan task) {
        RunParamSet params = paramSet(task.getParams());
        return new io.mflow.pipeline.domain.TaskPlan(task.getJobTaskId(), task.getName(), task.getJobName(),
                task.getRunnerType(), task.getRunnerSpec(), task.getIgnoreFailed(), task.getSkip(), params, task.getUpdateToken(),
                task.getAudited(), task.getConfirmed(), millis(task.getTimeoutMillis()), strings(task.getAgentTags()),
                task.getManualStatus());
    }

    private static List<String> strings(List<? extends CharSequence> values) {
        return values == null ? List.of() : values.stream().map(CharSequence::toString).toList();
    }

    @Override
    public OutboxEntry encode(PipelineRun next, Outgoing message) {
        String topic = Topics.JOB_COMMANDS;
        SpecificRecord record;
        Instant at;
        if (message instanceof Outgoing.RunJob run) {
            at = run.issuedAt();
            io.mflow.pipeline.domain.TaskPlan task = run.task();
            record = RunJob.newBuilder()
                    .setAttemptId(run.attemptId()).setJobTaskId(task.jobTaskId()).setPipelineTaskId(run.pipelineTaskId())
                    .setJobTaskName(task.name()).setJobName(task.jobName())
                    .setRunnerType(task.runnerType()).setRunnerSpec(task.runnerSpec())
                    .setParams(run.params().stream().map(p -> RunParam.newBuilder().setName(p.name()).setValue(p.value()).setRequired(p.required())
                            .setSensitive(p.sensitive()).setReadOnly(p.readOnly()).setType(p.type())
                            .setOptions(p.options()).build()).toList())
                    .setUpdateToken(task.updateToken()).setDryRun(run.dryRun()).setIssuedAt(run.issuedAt())
                    .setTimeoutMillis(task.timeout() == null ? null : task.timeout().toMillis())
                    .setNotBefore(run.notBefore())
                    .setDryRunNote(run.dryRunNote())
                    .setLabels(Map.copyOf(run.labels()))
                    .setAgentTags(List.copyOf(task.agentTags()))
                    .setManualStatus(task.manualStatus())
                    .build();
        } else if (message instanceof Outgoing.CancelJob cancel) {
            at = cancel.issuedAt();
            record = CancelJob.newBuilder()
                    .setAttemptId(cancel.attemptId()).setJobTaskId(cancel.jobTaskId()).setPipelineTaskId(cancel.pipelineTaskId())
                    .setUpdateToken(cancel.sealedUpdateToken()).setReason(cancel.reason()).setIssuedAt(cancel.issuedAt())
                    .build();
        } else if (message instanceof Outgoing.RunConcluded concluded) {
            at = concluded.reportedAt();
            topic = Topics.PIPELINE_TASK_STATUS_REPORTS;
            record = PipelineTaskStatusReported.newBuilder()
                    .setReportId(concluded.id()).setPipelineTaskId(concluded.pipelineTaskId())
                    .setStage(Stage.valueOf(concluded.status().name())).setMessage(concluded.message())
                    .setReportedAt(concluded.reportedAt())
                    .build();
        } else if (message instanceof Outgoing.RunResumed resumed) {
            at = resumed.reportedAt();
            topic = Topics.PIPELINE_TASK_STATUS_REPORTS;
            record = PipelineTaskStatusReported.newBuilder()
                    .setReportId(resumed.id()).setPipelineTaskId(resumed.pipelineTaskId())
                    .setStage(Stage.ACTIVE).setMessage(resumed.message()).setReportedAt(resumed.reportedAt())
                    .build();
        } else if (message instanceof Outgoing.TurnCame turn) {
            at = turn.reportedAt();
            topic = Topics.PIPELINE_TASK_STATUS_REPORTS;
            record = JobTaskTurnCame.newBuilder()
                    .setReportId(turn.id()).setPipelineTaskId(turn.pipelineTaskId()).setJobTaskId(turn.jobTaskId())
                    .setReportedAt(turn.reportedAt())
                    .build();
        } else {
            Outgoing.JobTaskRejected rejected = (Outgoing.JobTaskRejected) message;
            at = rejected.reportedAt();
            topic = Topics.JOB_TASK_STATUS_REPORTS;
            // A proof of the token for this one report, never the token: it can only replay this report, so it may
            // wait in the store and travel on a topic dashboards read.
            String proof = ReportProofs.prove(sealedValues.open(rejected.sealedUpdateToken(), SealedPlace.updateToken(
                            rejected.jobTaskId(), AttemptIds.numberOf(rejected.attemptId()))), rejected.id(),
                    rejected.jobTaskId(), Stage.FAILED.name());
            record = JobTaskStatusReported.newBuilder()
                    .setReportId(rejected.id()).setJobTaskId(rejected.jobTaskId()).setPipelineTaskId(rejected.pipelineTaskId())
                    .setUpdateToken(proof).setStage(Stage.FAILED).setMessage(rejected.message())
                    .setReportedAt(rejected.reportedAt()).setAttempt(AttemptIds.numberOf(rejected.attemptId()))
                    .build();
        }
        EncodedRecord encoded = serializer.encode(topic, record);
        return new OutboxEntry(message.id(), topic, message.key(), encoded.headers(), encoded.value(), at,
                message.causedAt());
    }
}
