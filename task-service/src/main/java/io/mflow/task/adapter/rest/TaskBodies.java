package io.mflow.task.adapter.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import io.mflow.task.domain.Attempt;
import io.mflow.task.domain.Gate;
import io.mflow.task.domain.GateDecision;
import io.mflow.task.domain.GateStatus;
import io.mflow.task.domain.JobTask;
import io.mflow.task.domain.JobTaskPlan;
import io.mflow.task.domain.NoticeDelivery;
import io.mflow.task.domain.PipelineTask;
import io.mflow.task.domain.RunParam;
import io.mflow.task.domain.Status;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Response shapes of pipeline tasks and job tasks. The update token is never part of them, not even hashed. */
final class TaskBodies {

    private TaskBodies() {
    }

    /** {@code detail}: long text beside the message (null: keep the task's); {@code extension}: pairs laid over its. */
    record StatusRequest(String token, String stage, String message,
                         @JsonSetter(contentNulls = Nulls.FAIL) Map<String, String> outputs, String detail,
                         @JsonSetter(contentNulls = Nulls.FAIL) Map<String, String> extension) {
    }

    /** Why a person cancels or skips a task. */
    record CancelRequest(String reason) {
    }

    /** A new attempt: {@code params} are laid over the ones the task had. */
    record RetryRequest(@JsonSetter(contentNulls = Nulls.FAIL) List<PipelineBodies.ValueBody> params, String reason) {
    }

    /**
     * One attempt of a job task: the current one is the task's own stage, message and times. {@code runner}: which
     * runner ran it; {@code exitCode}: its process's, when it ended with one.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    /** {@code ranWith}: the params it was sent to its runner with, sensitive ones masked; absent when never sent. */
    record AttemptView(int number, Status stage, String message, Instant startedAt, Instant finishedAt,
                       String runner, Integer exitCode, String retriedBy, String retryReason,
                       @JsonInclude(JsonInclude.Include.NON_NULL) List<ParamView> ranWith) {
        static List<AttemptView> of(JobTask task) {
            List<AttemptView> all = new java.util.ArrayList<>(task.history().pastAttempts().stream()
                    .map(a -> new AttemptView(a.number(), a.stage(), a.message(), a.startedAt(), a.finishedAt(),
                            a.runner(), a.exitCode(), a.retriedBy(), a.retryReason(), views(a.ranWith()))).toList());
            Attempt current = task.current();
            all.add(new AttemptView(task.attempt(), current.stage(), current.message(), current.startedAt(),
                    current.finishedAt(), current.runner(), current.exitCode(), null, null,
                    views(current.ranWith())));
            return all;
        }
    }

    /** Params as a reader sees them (sensitive values masked), or null for none kept. */
    static List<ParamView> views(List<RunParam> params) {
        return params == null ? null : params.stream().map(ParamView::of).toList();
    }

    /** A single job run: {@code job} is the job's name or id. */
    record SingleRunRequest(String job, @JsonSetter(contentNulls = Nulls.FAIL) List<PipelineBodies.ValueBody> params,
                            @JsonSetter(contentNulls = Nulls.FAIL) Map<String, String> labels,
                            PipelineBodies.GateBody audit, Boolean allowSelfApproval, Boolean dryRun) {
    }

    /** A person's decision at a gate: {@code PASS} or {@code DENY} (a DENY needs a comment). */
    record DecisionRequest(String decision, String comment) {
    }

    /**
     * A gate as a reader sees it: who decides, how many must pass, where it stands, and every decision with the
     * digest of the params it was given on. {@code quorums}: where a job's audit met a task's, each group's own
     * number; {@code earlierDecisions}: decisions of an earlier round that no longer count (a retry asked anew).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record GateView(GateStatus stage, List<String> auditors, List<String> checkers, int approvals,
                    boolean allowSelfApproval, List<GateDecision> decisions, String note, List<Gate.Quorum> quorums,
                    List<GateDecision> earlierDecisions) {
        static GateView of(Gate gate) {
            if (gate == null) {
                return null;
            }
            boolean audit = gate.kind() == Gate.Kind.AUDIT;
            return new GateView(gate.stage(), audit ? gate.people() : null, audit ? null : gate.people(),
                    gate.approvals(), gate.allowSelfApproval(), gate.decisions(), gate.note(),
                    gate.quorums().isEmpty() ? null : gate.quorums(),
                    gate.earlier().isEmpty() ? null : gate.earlier());
        }
    }

    /** {@code injectedBy}: what set its value without anyone typing it (a git event); absent when a person did. */
    record ParamView(String name, String value, boolean sensitive, boolean readOnly, boolean required,
                     @JsonInclude(JsonInclude.Include.NON_NULL) String injectedBy) {
        static ParamView of(RunParam param) {
            RunParam shown = param.masked();
            return new ParamView(shown.name(), shown.value(), shown.sensitive(), shown.readOnly(), shown.required(),
                    shown.injectedBy());
        }
    }

    record JobTaskResponse(String id, String name, String jobName, String pipelineTaskId, String stageName,
                           Status stage, String message, Map<String, String> outputs, List<ParamView> params,
                           boolean ignoreFailed, boolean skip, Instant createdAt, Instant startedAt,
                           Instant finishedAt, String triggeredBy, Map<String, String> labels, int attempt,
                           List<AttemptView> attempts, JobBodies.RetryBody retry,
                           @JsonInclude(JsonInclude.Include.NON_NULL) GateView audit,
                           @JsonInclude(JsonInclude.Include.NON_NULL) GateView confirm,
                           @JsonInclude(JsonInclude.Include.NON_NULL) List<NoticeDelivery> deliveries,
                           boolean manualStatus, boolean awaitingReport,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String detail, Map<String, String> extension,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String jobVersion,
                           @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> warnings,
                           List<ParamView> ranWith) {
        static JobTaskResponse of(JobTask task) {
            return of(task, null);
        }

        /** With {@code deliveries}: how the notices of its changes were delivered (null: not asked for). */
        static JobTaskResponse of(JobTask task, List<NoticeDelivery> deliveries) {
            JobTaskPlan plan = task.plan();
            Attempt current = task.current();
            return new JobTaskResponse(task.id(), plan.name(), plan.jobName(), plan.pipelineTaskId(),
                    plan.stageName(), current.stage(), current.message(), current.outputs(),
                    plan.params().stream().map(ParamView::of).toList(), plan.ignoreFailed(), plan.skip(),
                    plan.createdAt(), current.startedAt(), current.finishedAt(), plan.triggeredBy(), plan.labels(),
                    task.attempt(), AttemptView.of(task), JobBodies.RetryBody.of(plan.retry()),
                    GateView.of(task.gates().audit()), GateView.of(task.gates().confirm()), deliveries,
                    plan.manualStatus(), current.awaitingReport(), current.detail(), current.extension(),
                    plan.jobVersion(), plan.warnings(), views(current.ranWith()));
        }
    }

    record JobTaskSummary(String id, String name, Status stage, String message) {
    }

    record StageView(String name, boolean parallel, List<JobTaskSummary> jobTasks) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PipelineTaskResponse(String id, String pipelineId, String pipelineName, Status stage, String message,
                                boolean dryRun, Map<String, String> labels, Instant createdAt, Instant finishedAt,
                                Map<String, String> outputs, List<StageView> stages, String triggeredBy,
                                List<NoticeDelivery> deliveries, Integer pipelineRevision,
                                @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> warnings,
                                Integer queuePosition) {

        /** Outputs of its job tasks merged in the order they finished: a later job's value wins. */
        static PipelineTaskResponse of(PipelineTask task, List<JobTask> jobTasks, boolean withStages) {
            return of(task, jobTasks, withStages, null);
        }

        /** With {@code deliveries}: how the notices of the run's own changes were delivered (null: not asked for). */
        static PipelineTaskResponse of(PipelineTask task, List<JobTask> jobTasks, boolean withStages,
                                       List<NoticeDelivery> deliveries) {
            Map<String, String> outputs = new LinkedHashMap<>();
            jobTasks.stream()
                    .filter(t -> t.pipelineTaskId().equals(task.id()))
                    .sorted(Comparator.comparing(t -> t.current().finishedAt(),
                            Comparator.nullsLast(Comparator.naturalOrder())))
                    .forEach(t -> outputs.putAll(t.current().outputs()));
            List<StageView> stages = null;
            if (withStages) {
                Map<String, JobTask> byId = jobTasks.stream()
                        .collect(Collectors.toMap(JobTask::id, Function.identity()));
                stages = task.stages().stream().map(stage -> new StageView(stage.name(), stage.parallel(),
                        stage.jobTaskIds().stream().filter(byId::containsKey).map(byId::get)
                                .map(t -> new JobTaskSummary(t.id(), t.name(), t.stage(), t.current().message()))
                                .toList())).toList();
            }
            return new PipelineTaskResponse(task.id(), task.pipelineId(), task.pipelineName(), task.stage(),
                    task.message(), task.dryRun(), task.labels(), task.createdAt(), task.finishedAt(), outputs,
                    stages, task.triggeredBy(), deliveries, task.pipelineRevision(), task.warnings(), null);
        }

        /** A QUEUED run says where it waits in its lane: 1 is next. */
        PipelineTaskResponse queuedAt(Integer position) {
            return new PipelineTaskResponse(id, pipelineId, pipelineName, stage, message, dryRun, labels, createdAt,
                    finishedAt, outputs, stages, triggeredBy, deliveries, pipelineRevision, warnings, position);
        }
    }
}
