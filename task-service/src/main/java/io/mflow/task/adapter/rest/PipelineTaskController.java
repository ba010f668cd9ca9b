package io.mflow.task.adapter.rest;

import io.mflow.task.adapter.rest.TaskBodies.PipelineTaskResponse;
import io.mflow.task.app.ForgetRuns;
import io.mflow.task.app.JobTasks;
import io.mflow.task.app.LaneTurns;
import io.mflow.task.app.NoticeDeliveries;
import io.mflow.task.app.Page;
import io.mflow.task.app.PipelineTasks;
import io.mflow.task.app.ReportPipelineTaskStatus;
import io.mflow.task.app.RequestRefused;
import io.mflow.task.domain.JobTask;
import io.mflow.task.domain.PipelineTask;
import io.mflow.task.domain.Status;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/pipeline-tasks")
class PipelineTaskController {

    private final PipelineTasks pipelineTasks;
    private final NoticeDeliveries deliveries;
    private final JobTasks jobTasks;
    private final ReportPipelineTaskStatus reportPipelineTaskStatus;
    private final LaneTurns laneTurns;
    private final ForgetRuns forgetRuns;

    PipelineTaskController(PipelineTasks pipelineTasks, JobTasks jobTasks,
                           ReportPipelineTaskStatus reportPipelineTaskStatus, NoticeDeliveries deliveries,
                           LaneTurns laneTurns, ForgetRuns forgetRuns) {
        this.forgetRuns = forgetRuns;
        this.laneTurns = laneTurns;
        this.deliveries = deliveries;
        this.pipelineTasks = pipelineTasks;
        this.jobTasks = jobTasks;
        this.reportPipelineTaskStatus = reportPipelineTaskStatus;
    }

    @GetMapping("/{id}")
    PipelineTaskResponse get(@PathVariable String id) {
        PipelineTask task = pipelineTasks.byId(id)
                .orElseThrow(() -> RequestRefused.notFound("no pipeline task with id " + id));
        return PipelineTaskResponse.of(task, jobTasks.ofPipelineTasks(List.of(id)), true, deliveries.of(id))
                .queuedAt(laneTurns.positionOf(task).orElse(null));
    }

    @GetMapping
    PageBody<PipelineTaskResponse> list(@RequestParam(required = false) String pipelineId,
                                        @RequestParam(required = false) String stage,
                                        @RequestParam(required = false) List<String> label,
                                        @RequestParam(defaultValue = "0") int page,
                                        @RequestParam(defaultValue = "20") int size) {
        PageBody.check(page, size);
        Page<PipelineTask> found = pipelineTasks.page(pipelineId, stage == null ? null : Stages.parse(stage),
                LabelFilter.parse(label), page, size);
        List<JobTask> all = jobTasks.ofPipelineTasks(found.items().stream().map(PipelineTask::id).toList());
        return PageBody.of(found.map(task -> PipelineTaskResponse.of(task, all, false)
                .queuedAt(laneTurns.positionOf(task).orElse(null))));
    }

    @PostMapping("/{id}/cancel")
    @ResponseStatus(HttpStatus.ACCEPTED)
    PipelineTaskResponse cancel(@PathVariable String id) {
        PipelineTask task = reportPipelineTaskStatus.cancel(id);
        return PipelineTaskResponse.of(task, jobTasks.ofPipelineTasks(List.of(id)), true);
    }

    /**
     * Removes a run that has ended, with its job tasks, their logs and notice results; 409 while it is active, 404 when
     * there is none. A DEVELOPER of its pipeline's namespace may, as for deleting the pipeline.
     */
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String id, Authentication caller) {
        forgetRuns.forget(id, Namespaces.accessOf(caller));
    }
}
