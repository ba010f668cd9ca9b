package io.mflow.task.adapter.mongo;

import io.mflow.task.adapter.mongo.JobDocument.ParamDocument;
import io.mflow.task.domain.JobTask;
import io.mflow.task.domain.PastAttempt;
import io.mflow.task.domain.Stage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.data.annotation.Id;

/**
 * A job task as stored, beside the {@code outbox} array that {@link StateDocuments} keeps in the same document. The
 * update token is kept as its hash only.
 */
record JobTaskDocument(@Id String id, String name, String jobName, String pipelineTaskId, String pipelineId,
                       String stageName, String stage, String message, Map<String, String> outputs,
                       List<ParamDocument> params, boolean ignoreFailed, boolean skip, String tokenHash,
                       List<String> appliedReportIds, int transitions, Instant createdAt, Instant startedAt,
                       Instant finishedAt, long version, String triggeredBy, Map<String, String> labels,
                       GateDocument audit, GateDocument confirm, List<PastAttemptDocument> pastAttempts,
                       RetryDocument retry, String runner, Integer exitCode, Boolean manualStatus,
                       Boolean awaitingReport, String detail, Map<String, String> extension) {

    record PastAttemptDocument(int number, String stage, String message, Instant startedAt, Instant finishedAt,
                               String retriedBy, String retryReason, String runner, Integer exitCode) {
    }

    static JobTaskDocument of(JobTask task, long version) {
        return new JobTaskDocument(task.id(), task.name(), task.jobName(), task.pipelineTaskId(), task.pipelineId(),
                task.stageName(), task.stage().name(), task.message(), task.outputs(),
                task.params().stream().map(ParamDocument::of).toList(), task.ignoreFailed(), task.skip(),
                task.tokenHash(), task.appliedReportIds(), task.transitions(), task.createdAt(), task.startedAt(),
                task.finishedAt(), version, task.triggeredBy(), task.labels(), GateDocument.of(task.audit()),
                GateDocument.of(task.confirm()), task.pastAttempts().stream().map(a -> new PastAttemptDocument(
                        a.number(), a.stage().name(), a.message(), a.startedAt(), a.finishedAt(), a.retriedBy(),
                        a.retryReason(), a.runner(), a.exitCode())).toList(), RetryDocument.of(task.retry()),
                task.runner(), task.exitCode(), task.manualStatus(), task.awaitingReport(), task.detail(),
                task.extension());
    }

    JobTask toDomain() {
        return new JobTask(id, name, jobName, pipelineTaskId, pipelineId, stageName, Stage.valueOf(stage), message,
                outputs, ParamDocument.toDomain(params), ignoreFailed, skip, tokenHash, appliedReportIds, transitions,
                createdAt, startedAt, finishedAt, version, triggeredBy, labels, GateDocument.toDomain(audit),
                GateDocument.toDomain(confirm), pastAttempts == null ? List.of() : pastAttempts.stream()
                        .map(a -> new PastAttempt(a.number(), Stage.valueOf(a.stage()), a.message(), a.startedAt(),
                                a.finishedAt(), a.retriedBy(), a.retryReason(), a.runner(), a.exitCode())).toList(),
                RetryDocument.toDomain(retry), runner, exitCode, Boolean.TRUE.equals(manualStatus),
                Boolean.TRUE.equals(awaitingReport), detail, extension);
    }
}
