package io.mflow.task.adapter.kafka;

import io.mflow.platform.kafka.InvalidRecordException;
import io.mflow.schemas.Topics;
import io.mflow.schemas.event.JobTaskTurnCame;
import io.mflow.schemas.event.PipelineTaskStatusReported;
import io.mflow.task.app.NoteTurnCame;
import io.mflow.task.app.ReportOutcome;
import io.mflow.task.app.ReportPipelineTaskStatus;
import io.mflow.task.domain.PipelineTask;
import io.mflow.task.domain.Status;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

@Component
class PipelineTaskStatusReportListener {

    private final ReportPipelineTaskStatus reportPipelineTaskStatus;
    private final NoteTurnCame noteTurnCame;

    PipelineTaskStatusReportListener(ReportPipelineTaskStatus reportPipelineTaskStatus, NoteTurnCame noteTurnCame) {
        this.reportPipelineTaskStatus = reportPipelineTaskStatus;
        this.noteTurnCame = noteTurnCame;
    }

    @KafkaListener(id = "pipeline-task-status-reports", idIsGroup = false, topics = Topics.PIPELINE_TASK_STATUS_REPORTS)
    void on(ConsumerRecord<String, SpecificRecord> record) {
        if (record.value() instanceof JobTaskTurnCame turn) {
            if (!noteTurnCame.turnCame(turn.getJobTaskId())) {
                throw new InvalidRecordException("no job task with id " + turn.getJobTaskId());
            }
            return;
        }
        if (!(record.value() instanceof PipelineTaskStatusReported reported)) {
            throw new InvalidRecordException("expected a PipelineTaskStatusReported or a JobTaskTurnCame, got "
                    + (record.value() == null ? "no value" : record.value().getSchema().getFullName()));
        }
        ReportOutcome<PipelineTask> outcome = reportPipelineTaskStatus.report(reported.getPipelineTaskId(),
                reported.getReportId(), Status.valueOf(reported.getStage().name()), reported.getMessage(),
                reported.getReportedAt());
        if (outcome instanceof ReportOutcome.Refused<PipelineTask> refused) {
            throw new InvalidRecordException(refused.refusal() + ": " + refused.reason());
        }
    }
}
