package io.mflow.task.adapter.web;

import io.mflow.task.app.Jobs;
import io.mflow.task.app.Page;
import io.mflow.task.app.PipelineTasks;
import io.mflow.task.app.Pipelines;
import io.mflow.task.app.RequestRefused;
import io.mflow.task.app.RunPipeline;
import io.mflow.platform.security.Caller;
import io.mflow.task.domain.Job;
import io.mflow.task.domain.ParamValue;
import io.mflow.task.domain.Pipeline;
import io.mflow.task.domain.PipelineTask;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The pipelines with their last runs, one pipeline with its stages and its "Run" form. */
@Controller
public class PipelinePages {

    static final int LAST_RUNS = 5;
    static final String PARAM = "param.";

    private final Pipelines pipelines;
    private final PipelineTasks pipelineTasks;
    private final Jobs jobs;
    private final RunPipeline runPipeline;

    PipelinePages(Pipelines pipelines, PipelineTasks pipelineTasks, Jobs jobs, RunPipeline runPipeline) {
        this.pipelines = pipelines;
        this.pipelineTasks = pipelineTasks;
        this.jobs = jobs;
        this.runPipeline = runPipeline;
    }

    public record PipelineRow(Pipeline pipeline, List<PipelineTask> lastRuns) {
    }

    @GetMapping("/")
    String pipelines(@RequestParam(defaultValue = "0") int page, Model model) {
        Page<Pipeline> found = pipelines.page(Math.max(0, page), 20);
        model.addAttribute("rows", found.items().stream()
                .map(p -> new PipelineRow(p, pipelineTasks.page(p.id(), null, 0, LAST_RUNS).items())).toList());
        model.addAttribute("page", found);
        return "pipelines";
    }

    @GetMapping("/pipelines/{id}")
    String pipeline(@PathVariable String id, Model model) {
        Pipeline pipeline = pipelines.byId(id).orElseThrow(() -> RequestRefused.notFound("no pipeline with id " + id));
        model.addAttribute("pipeline", pipeline);
        model.addAttribute("fields", RunFormField.of(pipeline, jobsOf(pipeline)));
        model.addAttribute("runs", pipelineTasks.page(id, null, 0, 20).items());
        return "pipeline";
    }

    /**
     * Starts a run with the values the form was given (an empty field leaves the job's default), and shows it. A
     * refused run shows the form again with why, and starts nothing.
     */
    @PostMapping("/pipelines/{id}/runs")
    String run(@PathVariable String id, @RequestParam Map<String, String> form,
               @RequestParam(defaultValue = "false") boolean dryRun, Authentication caller,
               HttpServletResponse response, Model model) {
        List<ParamValue> params = new ArrayList<>();
        Map<String, String> given = new LinkedHashMap<>();
        form.forEach((key, value) -> {
            if (key.startsWith(PARAM) && value != null && !value.isEmpty()) {
                params.add(new ParamValue(key.substring(PARAM.length()), value));
                given.put(key.substring(PARAM.length()), value);
            }
        });
        try {
            PipelineTask run = runPipeline.run(id, params, Map.of(), dryRun, Caller.identityOf(caller));
            return "redirect:/runs/" + run.id();
        } catch (RequestRefused refused) {
            if (refused.reason() == RequestRefused.Reason.NOT_FOUND) {
                throw refused;
            }
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("problem", refused.getMessage());
            model.addAttribute("given", given);
            return pipeline(id, model);
        }
    }

    private Map<String, Job> jobsOf(Pipeline pipeline) {
        Map<String, Job> byId = new HashMap<>();
        pipeline.stages().forEach(stage -> stage.tasks().forEach(task ->
                jobs.byId(task.jobId()).ifPresent(job -> byId.put(job.id(), job))));
        return byId;
    }
}
