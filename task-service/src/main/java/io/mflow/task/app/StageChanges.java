package io.mflow.task.app;

import io.mflow.task.domain.Stage;

/** Told of every real stage change once it is stored, for the operators' metrics. */
public interface StageChanges {

    void jobTaskMoved(Stage to);

    void pipelineTaskMoved(Stage to);
}
