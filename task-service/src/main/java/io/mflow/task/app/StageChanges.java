package io.mflow.task.app;

import io.mflow.task.domain.Status;

/** Told of every real stage change once it is stored, for the operators' metrics. */
public interface StageChanges {

    void jobTaskMoved(Status to);

    void pipelineTaskMoved(Status to);
}
