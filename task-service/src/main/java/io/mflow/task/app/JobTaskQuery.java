package io.mflow.task.app;

import io.mflow.task.domain.GateStage;
import io.mflow.task.domain.Stage;

/**
 * What a listing of job tasks keeps; each null matches everything. {@code auditor} and {@code checker} keep the tasks
 * where that person decides, so {@code auditor=alice&auditStage=WAITING} is what waits for alice.
 */
public record JobTaskQuery(Stage stage, String job, String pipelineTaskId, String auditor, GateStage auditStage,
                           String checker, GateStage confirmStage) {
}
