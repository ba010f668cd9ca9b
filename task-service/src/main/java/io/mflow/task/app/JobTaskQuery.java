package io.mflow.task.app;

import io.mflow.task.domain.GateStatus;
import io.mflow.task.domain.Status;
import java.util.Map;

/**
 * What a listing of job tasks keeps; each null matches everything. {@code auditor} and {@code checker} keep the tasks
 * where that person decides, so {@code auditor=alice&auditStage=WAITING} is what waits for alice; every label
 * given must match.
 */
public record JobTaskQuery(Status stage, String job, String pipelineTaskId, String auditor, GateStatus auditStage,
                           String checker, GateStatus confirmStage, Map<String, String> labels) {

    public JobTaskQuery {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
