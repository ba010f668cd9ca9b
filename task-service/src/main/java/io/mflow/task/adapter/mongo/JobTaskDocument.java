package io.mflow.task.adapter.mongo;

import io.mflow.task.adapter.mongo.JobDocument.ParamDocument;
import io.mflow.task.domain.Attempt;
import io.mflow.task.domain.Gates;
import io.mflow.task.domain.JobTask;
import io.mflow.task.domain.JobTaskHistory;
import io.mflow.task.domain.JobTaskPlan;
import io.mflow.task.domain.PastAttempt;
import io.mflow.task.domain.RunParam;
import io.mflow.task.domain.Status;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.data.annotation.Id;

/**
 * A job task as stored, beside the {@code outbox} array that {@link StateDocuments} keeps in the same document. The
 * update token is kept as its hash only. {@code ranWith}: the current attempt's params as its runner was sent them
 * (sensitive values sealed as they came), absent until then.
 */
record JobTaskDocument(@Id String id, String name, String jobName, String pipelineTaskId, String pipelineId,
                       String stageName, String stage, String message, Map<String, String> outputs,
                       List<ParamDocument> params, boolean ignoreFailed, boolean skip, String tokenHash,
                       List<String> appliedReportIds, int transitions, Instant createdAt, Instant startedAt,
                       Instant finishedAt, long version, String triggeredBy, Map<String, String> labels,
                       GateDocument audit, GateDocument confirm, List<PastAttemptDocument> pastAttempts,
                       RetryDocument retry, String runner, Integer exitCode, Boolean manualStatus,
                       Boolean awaitingReport, String detail, Map<String, String> extension, String jobVersion,
                       List<String> warnings, List<ParamDocument> ranWith) {

    record PastAttemptDocument(int number, String stage, String message, Instant startedAt, Instant finishedAt,
                               String retriedBy, String retryReason, String runner, Integer exitCode,
                               List<ParamDocument> ranWith) {
    }

    /** The document of {@code task}, part by part, under the field names it has always had. */
    static JobTaskDocument of(JobTask task, long version) {
        JobTaskPlan plan = task.plan();
        Attempt current = task.current();
        JobTaskHistory history = task.history();
        return new JobTaskDocument(task.id(), plan.name(), plan.jobName(), plan.pipelineTaskId(), plan.pipelineId(),
                plan.stageName(), current.stage().name(), current.message(), current.outputs(),
                plan.params().stream().map(ParamDocument::of).toList(), plan.ignoreFailed(), plan.skip(),
                plan.tokenHash(), history.appliedReportIds(), history.transitions(), plan.createdAt(),
                current.startedAt(), current.finishedAt(), version, plan.triggeredBy(), plan.labels(),
                GateDocument.of(task.gates().audit()), GateDocument.of(task.gates().confirm()),
                history.pastAttempts().stream().map(a -> new PastAttemptDocument(a.number(), a.stage().name(),
                        a.message(), a.startedAt(), a.finishedAt(), a.retriedBy(), a.retryReason(), a.runner(),
                        a.exitCode(), documentsOf(a.ranWith()))).toList(),
                RetryDocument.of(plan.retry()), current.runner(), current.exitCode(), plan.manualStatus(),
                current.awaitingReport(), current.detail(), current.extension(), plan.jobVersion(),
                plan.warnings().isEmpty() ? null : plan.warnings(),
                documentsOf(current.ranWith()));
    }

    /** The job task this document holds; one stored before a field existed gets that field's default. */
    JobTask toDomain() {
        JobTaskPlan plan = new JobTaskPlan(name, jobName, pipelineTaskId, pipelineId, stageName,
                ParamDocument.toDomain(params), ignoreFailed, skip, Boolean.TRUE.equals(manualStatus),
                RetryDocument.toDomain(retry), labels, triggeredBy, tokenHash, createdAt, jobVersion, warnings);
        Attempt current = new Attempt(Status.valueOf(stage), message, outputs, startedAt, finishedAt, runner, exitCode,
                Boolean.TRUE.equals(awaitingReport), detail, extension,
                paramsOf(ranWith));
        JobTaskHistory history = new JobTaskHistory(pastAttempts == null ? List.of() : pastAttempts.stream()
                .map(a -> new PastAttempt(a.number(), Status.valueOf(a.stage()), a.message(), a.startedAt(),
                        a.finishedAt(), a.retriedBy(), a.retryReason(), a.runner(), a.exitCode(),
                        paramsOf(a.ranWith()))).toList(),
                appliedReportIds, transitions);
        return new JobTask(id, plan, current, new Gates(GateDocument.toDomain(audit), GateDocument.toDomain(confirm)),
                history);
    }

    /** An attempt's params as sent, or null (not sent): absent from the document, not an empty list. */
    private static List<ParamDocument> documentsOf(List<RunParam> ranWith) {
        return ranWith == null ? null : ranWith.stream().map(ParamDocument::of).toList();
    }

    private static List<RunParam> paramsOf(List<ParamDocument> ranWith) {
        return ranWith == null ? null : ParamDocument.toDomain(ranWith);
    }
}
