package io.mflow.task.app;

import java.util.List;

/**
 * Removes a pipeline that has no run in flight. A run carries its plan from its start, so one that starts in the very
 * instant of the removal still finishes; only new runs are no longer possible.
 */
public class DeletePipeline {

    private static final int NAMED = 10;

    private final Pipelines pipelines;
    private final PipelineTasks pipelineTasks;

    public DeletePipeline(Pipelines pipelines, PipelineTasks pipelineTasks) {
        this.pipelines = pipelines;
        this.pipelineTasks = pipelineTasks;
    }

    public void delete(String id) {
        pipelines.byId(id).orElseThrow(() -> RequestRefused.notFound("no pipeline with id " + id));
        List<String> running = pipelineTasks.unfinished(id, NAMED);
        if (!running.isEmpty()) {
            throw new RequestRefused(RequestRefused.Reason.CONFLICT, "pipeline " + id + " has runs that have not"
                    + " finished (" + String.join(", ", running) + "): cancel them or let them end first");
        }
        if (!pipelines.remove(id)) {
            throw RequestRefused.notFound("no pipeline with id " + id);
        }
    }
}
