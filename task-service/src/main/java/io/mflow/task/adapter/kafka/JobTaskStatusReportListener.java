package io.mflow.task.adapter.kafka;

import io.mflow.schemas.Topics;
import io.mflow.platform.kafka.InvalidRecordException;
import io.mflow.schemas.event.JobTaskStatusReported;
import io.mflow.task.app.ReportJobTaskStatus;
import io.mflow.task.app.ReportOutcome;
import io.mflow.task.domain.JobTask;
import io.mflow.task.domain.Limits;
import io.mflow.task.domain.Status;
import io.mflow.task.domain.StatusReport;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

@Component
class JobTaskStatusReportListener {

    private final ReportJobTaskStatus reportJobTaskStatus;

    JobTaskStatusReportListener(ReportJobTaskStatus reportJobTaskStatus) {
        this.reportJobTaskStatus = reportJobTaskStatus;
    }

    @KafkaListener(id = "job-task-status-reports", idIsGroup = false, topics = Topics.JOB_TASK_STATUS_REPORTS)
    void on(ConsumerRecord<String, SpecificRecord> record) {
        if (!(record.value() instanceof JobTaskStatusReported reported)) {
            throw new InvalidRecordException("expected a JobTaskStatusReported, got "
                    + (record.value() == null ? "no value" : record.value().getSchema().getFullName()));
        }
        // Bounded as a REST report is: a record too large for the task is refused with its reason, not stored.
        String tooLarge = Limits.checkReport(reported.getMessage(), reported.getOutputs(), reported.getDetail(),
                reported.getExtension());
        if (tooLarge != null) {
            throw new InvalidRecordException("report " + reported.getReportId() + ": " + tooLarge);
        }
        StatusReport report = new StatusReport(reported.getReportId(), Status.valueOf(reported.getStage().name()),
                reported.getMessage(), reported.getOutputs(), reported.getReportedAt(), reported.getAttempt(),
                reported.getLost(), reported.getExitCode(), reported.getRunner(), reported.getDetail(),
                reported.getExtension(), reported.getAwaitingReport());
        ReportOutcome<JobTask> outcome = reportJobTaskStatus.report(reported.getJobTaskId(),
                reported.getUpdateToken(), report);
        if (outcome instanceof ReportOutcome.Refused<JobTask> refused) {
            throw new InvalidRecordException(refused.refusal() + ": " + refused.reason());
        }
    }
}
