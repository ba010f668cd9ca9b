package io.mflow.task.adapter.mongo;

import io.mflow.task.domain.PipelineTask;
import io.mflow.task.domain.Status;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.data.annotation.Id;

/** A pipeline task as stored, beside the {@code outbox} array that {@link StateDocuments} keeps in the same document. */
record PipelineTaskDocument(@Id String id, String pipelineId, String pipelineName, String stage, String message,
                            boolean dryRun, Map<String, String> labels, List<StageLayoutDocument> stages,
                            List<String> appliedReportIds, int transitions, Instant createdAt, Instant finishedAt,
                            long version, String triggeredBy, Integer pipelineRevision, List<String> warnings,
                            String laneValue) {

    static PipelineTaskDocument of(PipelineTask task, long version) {
        return new PipelineTaskDocument(task.id(), task.pipelineId(), task.pipelineName(), task.stage().name(),
                task.message(), task.dryRun(), task.labels(),
                task.stages().stream().map(s -> new StageLayoutDocument(s.name(), s.parallel(), s.jobTaskIds())).toList(),
                task.appliedReportIds(), task.transitions(), task.createdAt(), task.finishedAt(), version,
                task.triggeredBy(), task.pipelineRevision(), task.warnings().isEmpty() ? null : task.warnings(),
                task.laneValue());
    }

    PipelineTask toDomain() {
        return new PipelineTask(id, pipelineId, pipelineName, Status.valueOf(stage), message, dryRun, labels,
                stages.stream().map(s -> new PipelineTask.StageLayout(s.name(), s.parallel(), s.jobTaskIds())).toList(),
                appliedReportIds, transitions, createdAt, finishedAt, triggeredBy, pipelineRevision, warnings,
                laneValue);
    }

    record StageLayoutDocument(String name, boolean parallel, List<String> jobTaskIds) {
    }
}
