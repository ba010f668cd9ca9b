package io.mflow.task.app;

import io.mflow.task.domain.Job;
import io.mflow.task.domain.Pipeline;
import java.util.List;

/**
 * The end of a job version's life: deprecated (it still runs, its new runs carry a warning), then deleted once no
 * pipeline can run it any more.
 */
public class RetireJob {

    private static final int NAMED = 10;

    private final Jobs jobs;
    private final Pipelines pipelines;

    public RetireJob(Jobs jobs, Pipelines pipelines) {
        this.jobs = jobs;
        this.pipelines = pipelines;
    }

    public Job deprecate(String id) {
        Job job = jobs.byId(id).orElseThrow(() -> RequestRefused.notFound("no job with id " + id));
        if (!jobs.deprecate(id)) {
            throw RequestRefused.notFound("no job with id " + id);
        }
        return job.deprecate();
    }

    /**
     * Deletes version {@code id} unless a pipeline runs it: one that pins it, or one that names its job without a
     * version while it is the only version left (deleting the latest of several moves those to the one before).
     */
    public void delete(String id) {
        Job job = jobs.byId(id).orElseThrow(() -> RequestRefused.notFound("no job with id " + id));
        List<Job> versions = jobs.versions(job.namespace(), job.name());
        boolean onlyOne = versions.size() == 1;
        List<String> users = pipelines.referringTo(job.namespace(), job.name(),
                        versions.stream().map(Job::id).toList()).stream()
                .filter(pipeline -> runs(pipeline, job, onlyOne))
                .map(pipeline -> "'" + pipeline.name() + "' (" + pipeline.id() + ")").toList();
        if (!users.isEmpty()) {
            throw new RequestRefused(RequestRefused.Reason.CONFLICT, "job " + job.reference() + " is used by"
                    + " pipeline " + String.join(", ", users.subList(0, Math.min(users.size(), NAMED)))
                    + (users.size() > NAMED ? " and " + (users.size() - NAMED) + " more" : "")
                    + ": change them first");
        }
        if (!jobs.remove(id)) {
            throw RequestRefused.notFound("no job with id " + id);
        }
    }

    private static boolean runs(Pipeline pipeline, Job job, boolean onlyVersion) {
        return pipeline.stages().stream().flatMap(stage -> stage.tasks().stream())
                .anyMatch(task -> task.refersTo(job, onlyVersion));
    }
}
