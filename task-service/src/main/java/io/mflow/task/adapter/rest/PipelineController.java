package io.mflow.task.adapter.rest;

import io.mflow.platform.security.Caller;
import io.mflow.task.adapter.rest.PipelineBodies.PipelineRequest;
import io.mflow.task.adapter.rest.PipelineBodies.PipelineResponse;
import io.mflow.task.adapter.rest.PipelineBodies.RunRequest;
import io.mflow.task.adapter.rest.PipelineBodies.ValueBody;
import io.mflow.task.adapter.rest.TaskBodies.PipelineTaskResponse;
import io.mflow.task.app.DefinePipeline;
import io.mflow.task.app.JobTasks;
import io.mflow.task.app.LaneTurns;
import io.mflow.task.app.Pipelines;
import io.mflow.task.app.RequestRefused;
import io.mflow.task.app.RunPipeline;
import io.mflow.task.app.Secrets;
import io.mflow.task.domain.PipelineTask;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
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
    private final LaneTurns laneTurns;

    PipelineController(DefinePipeline definePipeline, RunPipeline runPipeline, Pipelines pipelines,
                       JobTasks jobTasks, Secrets secrets, LaneTurns laneTurns) {
        this.laneTurns = laneTurns;
        this.definePipeline = definePipeline;
        this.runPipeline = runPipeline;
        this.pipelines = pipelines;
        this.jobTasks = jobTasks;
        this.secrets = secrets;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    PipelineResponse create(@RequestBody PipelineRequest request, Authentication caller) {
        return PipelineResponse.of(definePipeline.define(request.name(), request.definitions(),
                request.pipelineWebhooks(), request.pipelineMentions(), Caller.identityOf(caller),
                request.lane() == null ? null : request.lane().toDomain()),
                secrets);
    }

    @GetMapping("/{id}")
    PipelineResponse get(@PathVariable String id) {
        return pipelines.byId(id).map(p -> PipelineResponse.of(p, secrets))
                .orElseThrow(() -> RequestRefused.notFound("no pipeline with id " + id));
    }

    @GetMapping
    PageBody<PipelineResponse> list(@RequestParam(defaultValue = "0") int page,
                                    @RequestParam(defaultValue = "20") int size) {
        PageBody.check(page, size);
        return PageBody.of(pipelines.page(page, size).map(p -> PipelineResponse.of(p, secrets)));
    }

    @PostMapping("/{id}/runs")
    @ResponseStatus(HttpStatus.CREATED)
    PipelineTaskResponse run(@PathVariable String id, @RequestBody(required = false) RunRequest request,
                             Authentication caller) {
        RunRequest run = request != null ? request : new RunRequest(List.of(), Map.of(), false);
        PipelineTask task = runPipeline.run(id, ValueBody.toDomain(run.params()), run.labels(),
                Boolean.TRUE.equals(run.dryRun()), Caller.identityOf(caller));
        return PipelineTaskResponse.of(task, jobTasks.ofPipelineTasks(List.of(task.id())), true)
                .queuedAt(laneTurns.positionOf(task).orElse(null));
    }
}
