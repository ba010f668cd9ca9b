package io.mflow.task.adapter.rest;

import io.mflow.platform.security.Caller;
import io.mflow.platform.web.RunInRequestLogs;
import io.mflow.task.adapter.rest.PipelineBodies.PipelineRequest;
import io.mflow.task.adapter.rest.PipelineBodies.PipelineResponse;
import io.mflow.task.adapter.rest.PipelineBodies.RunRequest;
import io.mflow.task.adapter.rest.PipelineBodies.ValueBody;
import io.mflow.task.adapter.rest.TaskBodies.PipelineTaskResponse;
import io.mflow.task.app.DefinePipeline;
import io.mflow.task.app.DeletePipeline;
import io.mflow.task.app.JobTasks;
import io.mflow.task.app.LaneTurns;
import io.mflow.task.app.Pipelines;
import io.mflow.task.app.RequestRefused;
import io.mflow.task.app.RunPipeline;
import io.mflow.task.app.ScheduleTurns;
import io.mflow.task.app.Secrets;
import io.mflow.task.domain.Pipeline;
import io.mflow.task.domain.PipelineTask;
import java.util.List;
import java.util.Map;
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
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/pipelines")
class PipelineController {

    private final DefinePipeline definePipeline;
    private final RunPipeline runPipeline;
    private final Pipelines pipelines;
    private final JobTasks jobTasks;
    private final Secrets secrets;
    private final DefinitionBodies documents;
    private final DeletePipeline deletePipeline;
    private final LaneTurns laneTurns;
    private final ScheduleTurns scheduleTurns;

    PipelineController(DefinePipeline definePipeline, RunPipeline runPipeline, Pipelines pipelines,
                       JobTasks jobTasks, Secrets secrets, DeletePipeline deletePipeline,
                       DefinitionBodies documents, LaneTurns laneTurns, ScheduleTurns scheduleTurns) {
        this.scheduleTurns = scheduleTurns;
        this.laneTurns = laneTurns;
        this.documents = documents;
        this.deletePipeline = deletePipeline;
        this.definePipeline = definePipeline;
        this.runPipeline = runPipeline;
        this.pipelines = pipelines;
        this.jobTasks = jobTasks;
        this.secrets = secrets;
    }

    /** mflow's JSON, or the reference's pipeline document as YAML or JSON ({@code docs/reference-format.md}). */
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
            @Content(mediaType = "application/json", schema = @Schema(implementation = PipelineRequest.class)),
            @Content(mediaType = "application/yaml", schema = @Schema(type = "string",
                    description = "the reference's document, as docs/reference-format.md maps it"))})
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    DefinedBody<PipelineResponse> create(@RequestBody String body,
                                         @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
                                         Authentication caller) throws HttpMediaTypeNotSupportedException {
        DefinitionBodies.Defined<PipelineRequest> defined = documents.read(body, contentType,
                PipelineRequest.class, ReferencePipelines::isReference, ReferencePipelines::toMflow);
        return new DefinedBody<>(define(defined.request(), caller), defined.warnings());
    }

    private PipelineResponse define(PipelineRequest request, Authentication caller) {
        return shown(definePipeline.define(request.name(), request.definitions(),
                request.pipelineWebhooks(), request.pipelineMentions(), request.namespace(), request.description(),
                Caller.identityOf(caller), request.labels(), ValueBody.toDomain(request.params()), lane(request),
                Namespaces.accessOf(caller), request.pipelineSchedules()));
    }

    /**
     * A new revision of the pipeline, in mflow's JSON or the reference's document; its runs in flight finish with
     * the revision they started with.
     */
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
            @Content(mediaType = "application/json", schema = @Schema(implementation = PipelineRequest.class)),
            @Content(mediaType = "application/yaml", schema = @Schema(type = "string",
                    description = "the reference's document, as docs/reference-format.md maps it"))})
    @PutMapping("/{id}")
    DefinedBody<PipelineResponse> change(@PathVariable String id, @RequestBody String body,
                                         @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
                                         Authentication caller) throws HttpMediaTypeNotSupportedException {
        DefinitionBodies.Defined<PipelineRequest> defined = documents.read(body, contentType,
                PipelineRequest.class, ReferencePipelines::isReference, ReferencePipelines::toMflow);
        PipelineRequest request = defined.request();
        return new DefinedBody<>(shown(definePipeline.change(id, request.name(), request.definitions(),
                request.pipelineWebhooks(), request.pipelineMentions(), request.namespace(), request.description(),
                request.labels(), ValueBody.toDomain(request.params()), lane(request), Namespaces.accessOf(caller),
                request.pipelineSchedules())),
                defined.warnings());
    }

    /** Deletes a pipeline without runs in flight; 409 naming them otherwise. */
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String id, Authentication caller) {
        pipelines.byId(id).ifPresent(p -> Namespaces.accessOf(caller).check(p.namespace(), "delete pipelines"));
        deletePipeline.delete(id);
    }

    /** With {@code Accept: application/yaml}, the pipeline as the reference's document, ready to keep in git. */
    @GetMapping("/{id}")
    ResponseEntity<?> get(@PathVariable String id, @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        PipelineResponse pipeline = pipelines.byId(id).map(this::shown)
                .orElseThrow(() -> RequestRefused.notFound("no pipeline with id " + id));
        return DefinitionBodies.wantsYaml(accept) ? documents.yaml(pipeline, ReferencePipelines::toReference)
                : ResponseEntity.ok(pipeline);
    }

    @GetMapping
    PageBody<PipelineResponse> list(@RequestParam(required = false) List<String> label,
                                    @RequestParam(defaultValue = "0") int page,
                                    @RequestParam(defaultValue = "20") int size) {
        PageBody.check(page, size);
        return PageBody.of(pipelines.page(page, size, LabelFilter.parse(label))
                .map(this::shown));
    }

    @PostMapping("/{id}/runs")
    @ResponseStatus(HttpStatus.CREATED)
    PipelineTaskResponse run(@PathVariable String id, @RequestBody(required = false) RunRequest request,
                             Authentication caller) {
        pipelines.byId(id).ifPresent(p -> Namespaces.accessOf(caller).check(p.namespace(), "run pipelines"));
        RunRequest run = request != null ? request : new RunRequest(List.of(), Map.of(), false);
        PipelineTask task = runPipeline.run(id, ValueBody.toDomain(run.params()), run.labels(),
                Boolean.TRUE.equals(run.dryRun()), Caller.identityOf(caller));
        RunInRequestLogs.actingOn(task.id());
        return PipelineTaskResponse.of(task, jobTasks.ofPipelineTasks(List.of(task.id())), true)
                .queuedAt(laneTurns.positionOf(task).orElse(null));
    }

    /** The pipeline as answered, each schedule with where it stands. */
    private PipelineResponse shown(Pipeline pipeline) {
        return PipelineResponse.of(pipeline, secrets, scheduleTurns.statesOf(pipeline));
    }

    private static Pipeline.LaneRule lane(PipelineRequest request) {
        return request.lane() == null ? null : request.lane().toDomain();
    }
}
