package io.mflow.task.adapter.rest;

import io.mflow.platform.security.Caller;
import io.mflow.platform.web.RunInRequestLogs;
import io.mflow.task.adapter.rest.TaskBodies.CancelRequest;
import io.mflow.task.adapter.rest.TaskBodies.DecisionRequest;
import io.mflow.task.adapter.rest.TaskBodies.JobTaskResponse;
import io.mflow.task.adapter.rest.TaskBodies.RetryRequest;
import io.mflow.task.adapter.rest.TaskBodies.SingleRunRequest;
import io.mflow.task.adapter.rest.TaskBodies.StatusRequest;
import io.mflow.task.app.CancelJobTask;
import io.mflow.task.app.DecideAtGate;
import io.mflow.task.app.JobTaskQuery;
import io.mflow.task.app.JobTasks;
import io.mflow.task.app.NoticeDeliveries;
import io.mflow.task.app.RandomIds;
import io.mflow.task.app.ReportJobTaskStatus;
import io.mflow.task.app.ReportOutcome;
import io.mflow.task.app.RequestRefused;
import io.mflow.task.app.RetryJobTask;
import io.mflow.task.app.RunSingleJob;
import io.mflow.task.app.SkipJobTask;
import io.mflow.task.domain.Actor;
import io.mflow.task.domain.Gate;
import io.mflow.task.domain.GateStatus;
import io.mflow.task.domain.JobTask;
import io.mflow.task.domain.Limits;
import io.mflow.task.domain.StatusReport;
import io.mflow.task.domain.Verdict;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/job-tasks")
class JobTaskController {

    private final JobTasks jobTasks;
    private final ReportJobTaskStatus reportJobTaskStatus;
    private final DecideAtGate decideAtGate;
    private final CancelJobTask cancelJobTask;
    private final RunSingleJob runSingleJob;
    private final SkipJobTask skipJobTask;
    private final RetryJobTask retryJobTask;
    private final NoticeDeliveries deliveries;
    private final Clock clock;

    JobTaskController(JobTasks jobTasks, ReportJobTaskStatus reportJobTaskStatus, DecideAtGate decideAtGate,
                      CancelJobTask cancelJobTask, RunSingleJob runSingleJob, SkipJobTask skipJobTask,
                      RetryJobTask retryJobTask, NoticeDeliveries deliveries, Clock clock) {
        this.jobTasks = jobTasks;
        this.deliveries = deliveries;
        this.reportJobTaskStatus = reportJobTaskStatus;
        this.decideAtGate = decideAtGate;
        this.cancelJobTask = cancelJobTask;
        this.runSingleJob = runSingleJob;
        this.skipJobTask = skipJobTask;
        this.retryJobTask = retryJobTask;
        this.clock = clock;
    }

    /**
     * Starts a new attempt of a FAILED or CANCELED task, with the params given laid over the ones it had; a run that
     * this task alone failed resumes from it.
     */
    @PostMapping("/{id}/retry")
    @ResponseStatus(HttpStatus.ACCEPTED)
    JobTaskResponse retry(@PathVariable String id, @RequestBody(required = false) RetryRequest request,
                          Authentication caller) {
        String reason = request == null ? null : request.reason();
        RequestRefused.ifInvalid(Limits.checkBytes("reason", reason, Limits.VALUE_BYTES));
        return JobTaskResponse.of(retryJobTask.retry(id, actor(caller),
                PipelineBodies.ValueBody.unscoped(request == null ? null : request.params(), "params"), reason));
    }

    /** Why a person cancels or skips a task, bounded as any value. */
    private static String reasonOf(CancelRequest request) {
        String reason = request == null ? null : request.reason();
        RequestRefused.ifInvalid(Limits.checkBytes("reason", reason, Limits.VALUE_BYTES));
        return reason;
    }

    /** Who acts, as gates and the audit trail compare people: an SSO caller by name and issuer. */
    private static Actor actor(Authentication caller) {
        return new Actor(Caller.identityOf(caller));
    }

    /** Marks a FAILED or PENDING task SKIPPED (a reason is required): its run goes on as if it had succeeded. */
    @PostMapping("/{id}/skip")
    JobTaskResponse skip(@PathVariable String id, @RequestBody(required = false) CancelRequest request,
                         Authentication caller) {
        return JobTaskResponse.of(skipJobTask.skip(id, actor(caller), reasonOf(request)));
    }

    /** Runs one job outside any pipeline, with the same params merge, audit, runner, events and notifications. */
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    JobTaskResponse run(@RequestBody SingleRunRequest request, Authentication caller) {
        JobTask started = runSingleJob.run(request.job(), PipelineBodies.ValueBody.unscoped(request.params(), "params"),
                request.labels(), request.audit() == null ? null
                        : request.audit().toDomain(Gate.Kind.AUDIT, Boolean.TRUE.equals(request.allowSelfApproval())),
                Boolean.TRUE.equals(request.dryRun()), Caller.identityOf(caller), Namespaces.accessOf(caller));
        RunInRequestLogs.actingOn(started.id());
        return JobTaskResponse.of(started);
    }

    /** Stops one job task: it is CANCELING until its runner says it stopped; a pipeline run then goes CANCELED. */
    @PostMapping("/{id}/cancel")
    @ResponseStatus(HttpStatus.ACCEPTED)
    JobTaskResponse cancel(@PathVariable String id, @RequestBody(required = false) CancelRequest request,
                           Authentication caller) {
        return JobTaskResponse.of(cancelJobTask.cancel(id, actor(caller), reasonOf(request)));
    }

    /** An auditor's decision: PASS (enough of them start the job) or DENY (fails the task with the comment). */
    @PostMapping("/{id}/audit")
    JobTaskResponse audit(@PathVariable String id, @RequestBody DecisionRequest request, Authentication caller) {
        return decide(id, Gate.Kind.AUDIT, request, caller);
    }

    /** A checker's decision on the result: PASS lets the pipeline go on, DENY fails the run with the comment. */
    @PostMapping("/{id}/confirm")
    JobTaskResponse confirm(@PathVariable String id, @RequestBody DecisionRequest request, Authentication caller) {
        return decide(id, Gate.Kind.CONFIRM, request, caller);
    }

    private JobTaskResponse decide(String id, Gate.Kind gate, DecisionRequest request, Authentication caller) {
        if (request.decision() == null) {
            throw RequestRefused.invalid("decision is required: PASS or DENY");
        }
        Verdict verdict;
        try {
            verdict = Verdict.valueOf(request.decision().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw RequestRefused.invalid("decision must be PASS or DENY, not '" + request.decision() + "'");
        }
        RequestRefused.ifInvalid(Limits.checkBytes("comment", request.comment(), Limits.VALUE_BYTES));
        return JobTaskResponse.of(decideAtGate.decide(id, gate, actor(caller), verdict,
                request.comment()));
    }

    /** Newest first; {@code auditor=alice&auditStage=WAITING} is what waits for alice's approval. */
    @GetMapping
    PageBody<JobTaskResponse> list(@RequestParam(required = false) String stage,
                                   @RequestParam(required = false) String job,
                                   @RequestParam(required = false) String pipelineTaskId,
                                   @RequestParam(required = false) String auditor,
                                   @RequestParam(required = false) String auditStage,
                                   @RequestParam(required = false) String checker,
                                   @RequestParam(required = false) String confirmStage,
                                   @RequestParam(required = false) List<String> label,
                                   @RequestParam(defaultValue = "0") int page,
                                   @RequestParam(defaultValue = "20") int size) {
        PageBody.check(page, size);
        JobTaskQuery query = new JobTaskQuery(stage == null ? null : Stages.parse(stage), job, pipelineTaskId,
                auditor, gateStage("auditStage", auditStage), checker, gateStage("confirmStage", confirmStage),
                LabelFilter.parse(label));
        return PageBody.of(jobTasks.page(query, page, size).map(JobTaskResponse::of));
    }

    private static GateStatus gateStage(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return GateStatus.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw RequestRefused.invalid(name + " must be one of " + Arrays.toString(GateStatus.values()) + ", not '"
                    + value + "'");
        }
    }

    @GetMapping("/{id}")
    JobTaskResponse get(@PathVariable String id) {
        return JobTaskResponse.of(jobTasks.existing(id), deliveries.of(id));
    }

    /**
     * A runner's report. Its credential is the job task's update token, in the body's {@code token} or as
     * {@code Authorization: Bearer}; a user's API token does not count here.
     */
    @PostMapping("/{id}/status")
    JobTaskResponse report(@PathVariable String id, @RequestBody StatusRequest request,
                           @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        String token = request.token() != null ? request.token() : bearer(authorization);
        if (token == null || token.isBlank()) {
            throw RequestRefused.unauthenticated("send the job task's update token as 'token' or as"
                    + " 'Authorization: Bearer <update token>'");
        }
        if (request.stage() == null) {
            throw RequestRefused.invalid("stage is required");
        }
        Map<String, String> outputs = request.outputs() == null ? new HashMap<>() : new HashMap<>(request.outputs());
        Map<String, String> extension = request.extension() == null ? Map.of() : request.extension();
        String tooLarge = Limits.checkReport(request.message(), outputs, request.detail(), extension);
        if (tooLarge != null) {
            throw RequestRefused.invalid(tooLarge);
        }
        // A REST call has no report id of its own; each call is a new report.
        StatusReport report = new StatusReport(RandomIds.next("rest-"), Stages.parse(request.stage()),
                request.message(), outputs, clock.instant(), 0, false, null, null, request.detail(), extension, false);
        ReportOutcome<JobTask> outcome = reportJobTaskStatus.report(id, token, report);
        if (outcome instanceof ReportOutcome.Refused<JobTask> refused) {
            RequestRefused.Reason reason = switch (refused.refusal()) {
                case UNKNOWN_TASK -> RequestRefused.Reason.NOT_FOUND;
                case BAD_TOKEN -> RequestRefused.Reason.UNAUTHENTICATED;
                case NOT_ALLOWED -> RequestRefused.Reason.CONFLICT;
            };
            throw new RequestRefused(reason, refused.reason());
        }
        JobTask task = outcome instanceof ReportOutcome.Applied<JobTask> applied
                ? applied.task() : ((ReportOutcome.Ignored<JobTask>) outcome).task();
        return JobTaskResponse.of(task);
    }

    private static String bearer(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : null;
    }
}
