package io.mflow.runner.adapter.kafka;

import io.mflow.localrunner.domain.Param;
import io.mflow.platform.kafka.InvalidRecordException;
import io.mflow.runner.app.CancelRequest;
import io.mflow.runner.domain.Attempt;
import io.mflow.runner.domain.Report;
import io.mflow.schemas.AttemptIds;
import io.mflow.schemas.command.CancelJob;
import io.mflow.schemas.command.RunJob;
import io.mflow.schemas.common.RunParam;
import io.mflow.schemas.common.Stage;
import io.mflow.schemas.event.JobTaskStatusReported;
import io.mflow.schemas.sealed.ReportProofs;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The one mapping between the Avro records of the contract and this service's domain. */
final class RunnerAvroMapping {

    private RunnerAvroMapping() {
    }

    static Attempt attempt(RunJob run) {
        require(run.getAttemptId(), "attemptId");
        require(run.getJobTaskId(), "jobTaskId");
        require(run.getUpdateToken(), "updateToken");
        List<Param> params = run.getParams().stream().map(RunnerAvroMapping::param).toList();
        return new Attempt(run.getAttemptId(), run.getJobTaskId(), run.getPipelineTaskId(), run.getRunnerType(),
                run.getRunnerSpec(), params, run.getUpdateToken(), run.getDryRun(),
                run.getTimeoutMillis() == null ? null : Duration.ofMillis(run.getTimeoutMillis()), run.getNotBefore(),
                run.getDryRunNote(), labels(run.getLabels()),
                run.getAgentTags() == null ? List.of() : run.getAgentTags().stream().map(String::valueOf).toList(),
                run.getManualStatus());
    }

    static CancelRequest cancel(CancelJob cancel) {
        require(cancel.getAttemptId(), "attemptId");
        require(cancel.getJobTaskId(), "jobTaskId");
        require(cancel.getUpdateToken(), "updateToken");
        return new CancelRequest(cancel.getAttemptId(), cancel.getJobTaskId(), cancel.getPipelineTaskId(),
                cancel.getUpdateToken(), cancel.getReason());
    }

    /**
     * The report proves the runner holds the update token without carrying it (ReportProofs). {@code host} names
     * this runner-service's machine in the report's runner.
     */
    static JobTaskStatusReported report(Attempt attempt, Report report, String plainUpdateToken, String host) {
        return JobTaskStatusReported.newBuilder()
                .setReportId(report.reportId())
                .setJobTaskId(attempt.jobTaskId())
                .setPipelineTaskId(attempt.pipelineTaskId())
                .setUpdateToken(ReportProofs.prove(plainUpdateToken, report.reportId(), attempt.jobTaskId(),
                        report.stage().name()))
                .setStage(Stage.valueOf(report.stage().name()))
                .setMessage(report.message())
                .setOutputs(new LinkedHashMap<>(report.outputs()))
                .setReportedAt(report.reportedAt())
                .setAttempt(AttemptIds.numberOf(attempt.attemptId()))
                .setLost(report.lost())
                .setExitCode(report.exitCode())
                .setRunner(attempt.runnerType() + "@" + host)
                .setAwaitingReport(report.awaitingReport())
                .build();
    }

    private static Map<String, String> labels(Map<?, ?> labels) {
        Map<String, String> copy = new java.util.LinkedHashMap<>();
        if (labels != null) {
            labels.forEach((k, v) -> copy.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        }
        return copy;
    }

    private static Param param(RunParam p) {
        return new Param(p.getName(), p.getValue(), p.getSensitive());
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidRecordException(field + " is missing");
        }
    }
}
