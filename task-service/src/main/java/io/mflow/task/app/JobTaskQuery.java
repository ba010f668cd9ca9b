package io.mflow.task.app;

import io.mflow.task.domain.GateStage;
import io.mflow.task.domain.Stage;
import java.util.Map;

/**
 * What a listing of job tasks keeps; each null matches everything. {@code auditor} and {@code checker} keep the tasks
 * where that person decides, so {@code auditor=alice&auditStage=WAITING} is what waits for alice; every label
 * given must match.
 */
public record JobTaskQuery(Stage stage, String job, String pipelineTaskId, String auditor, GateStage auditStage,
                           String checker, GateStage confirmStage, Map<String, String> labels) {

    public JobTaskQuery {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
