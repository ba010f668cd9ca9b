package io.mflow.task.adapter.rest;

import io.mflow.platform.security.Caller;
import io.mflow.task.adapter.rest.JobBodies.JobRequest;
import io.mflow.task.adapter.rest.JobBodies.JobResponse;
import io.mflow.task.app.DefineJob;
import io.mflow.task.app.Jobs;
import io.mflow.task.app.RequestRefused;
import io.mflow.task.app.RetireJob;
import io.mflow.task.app.RunnerTypes;
import io.mflow.task.domain.Job;
import java.util.List;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/jobs")
class JobController {

    private final DefineJob defineJob;
    private final Jobs jobs;
    private final RunnerTypes runnerTypes;
    private final DefinitionBodies documents;

    private final RetireJob retireJob;

    JobController(DefineJob defineJob, Jobs jobs, RunnerTypes runnerTypes, RetireJob retireJob,
                  DefinitionBodies documents) {
        this.documents = documents;
        this.retireJob = retireJob;
        this.defineJob = defineJob;
        this.jobs = jobs;
        this.runnerTypes = runnerTypes;
    }

    /**
     * mflow's JSON, or the reference's job document as YAML or JSON ({@code docs/reference-format.md}). 201 with a
     * version it publishes; 200 with one that was published already, the same.
     */
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
            @Content(mediaType = "application/json", schema = @Schema(implementation = JobRequest.class)),
            @Content(mediaType = "application/yaml", schema = @Schema(type = "string",
                    description = "the reference's document, as docs/reference-format.md maps it"))})
    @PostMapping
    ResponseEntity<DefinedBody<JobResponse>> create(@RequestBody String body,
                                    @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
                                    Authentication caller) throws HttpMediaTypeNotSupportedException {
        DefinitionBodies.Defined<JobRequest> defined = documents.read(body, contentType, JobRequest.class,
                ReferenceJobs::isReference, ReferenceJobs::toMflow);
        DefineJob.Published published = define(defined.request(), caller);
        return ResponseEntity.status(published.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(new DefinedBody<>(JobResponse.of(published.job()), defined.warnings()));
    }

    private DefineJob.Published define(JobRequest request, Authentication caller) {
        // whose role may define which runner type is checked here, at the edge, before anything is stored
        String namespace = request.namespace() == null ? Job.DEFAULT_NAMESPACE : request.namespace();
        Namespaces.accessOf(caller).check(namespace, "define jobs");
        runnerTypes.checkDefinable(request.runnerType(), Namespaces.rolesIn(caller, namespace));
        return defineJob.publish(request.name(), request.runnerType(),
                request.runnerSpec(), request.runParams(), JobBodies.duration("timeout", request.timeout()),
                JobBodies.retry("retry", request.retry()), request.agentTags(),
                Boolean.TRUE.equals(request.manualStatus()), request.auditDefinition(), request.namespace(),
                request.version(), request.description(), Caller.identityOf(caller), request.labels());
    }

    /** New runs of this version still run, and carry a warning that it is deprecated. */
    @PostMapping("/{id}/deprecate")
    JobResponse deprecate(@PathVariable String id, Authentication caller) {
        jobs.byId(id).ifPresent(job -> Namespaces.accessOf(caller).check(job.namespace(), "deprecate jobs"));
        return JobResponse.of(retireJob.deprecate(id));
    }

    /** Deletes this version; 409 naming the pipelines that would run it. */
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String id, Authentication caller) {
        jobs.byId(id).ifPresent(job -> Namespaces.accessOf(caller).check(job.namespace(), "delete jobs"));
        retireJob.delete(id);
    }

    /** With {@code Accept: application/yaml}, the job as the reference's document, ready to keep in git. */
    @GetMapping("/{id}")
    ResponseEntity<?> get(@PathVariable String id, @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        JobResponse job = jobs.byId(id).map(JobResponse::of)
                .orElseThrow(() -> RequestRefused.notFound("no job with id " + id));
        return DefinitionBodies.wantsYaml(accept) ? documents.yaml(job, ReferenceJobs::toReference) : ResponseEntity.ok(job);
    }

    @GetMapping
    PageBody<JobResponse> list(@RequestParam(required = false) List<String> label,
                               @RequestParam(defaultValue = "0") int page,
                               @RequestParam(defaultValue = "20") int size,
                               @RequestParam(required = false) String namespace,
                               @RequestParam(required = false) String name) {
        PageBody.check(page, size);
        return PageBody.of(jobs.page(namespace, name, LabelFilter.parse(label), page, size).map(JobResponse::of));
    }
}
