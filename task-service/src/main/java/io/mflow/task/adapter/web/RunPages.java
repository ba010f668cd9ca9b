package io.mflow.task.adapter.web;

import io.mflow.platform.security.Caller;
import io.mflow.task.app.JobTasks;
import io.mflow.task.app.PipelineTasks;
import io.mflow.task.app.ReportPipelineTaskStatus;
import io.mflow.task.app.RequestRefused;
import io.mflow.task.domain.PipelineTask;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * A run: its stages and job tasks as a board that follows the run live ({@link RunStreams}), and what the viewer may
 * do there. The board is the same for everyone; the actions are the viewer's own, fetched again by their page
 * whenever a new board arrives, so a button appears when its act becomes possible.
 */
@Controller
public class RunPages {

    /** How soon a page refused a stream (too many open) may ask again. */
    private static final String RETRY_STREAM_AFTER_SECONDS = "10";

    private final PipelineTasks pipelineTasks;
    private final JobTasks jobTasks;
    private final ReportPipelineTaskStatus reportPipelineTaskStatus;
    private final RunStreams streams;

    RunPages(PipelineTasks pipelineTasks, JobTasks jobTasks, ReportPipelineTaskStatus reportPipelineTaskStatus,
             RunStreams streams) {
        this.pipelineTasks = pipelineTasks;
        this.jobTasks = jobTasks;
        this.reportPipelineTaskStatus = reportPipelineTaskStatus;
        this.streams = streams;
    }

    @GetMapping("/runs/{id}")
    String run(@PathVariable String id, Authentication viewer, Model model) {
        RunBoard board = boardOf(id);
        model.addAttribute("board", board);
        model.addAttribute("actions", RunActions.of(board, Viewer.of(viewer)));
        return "run";
    }

    /** The viewer's actions alone, for their page to fetch again when the board changed. */
    @GetMapping("/runs/{id}/actions")
    String actions(@PathVariable String id, Authentication viewer, Model model) {
        model.addAttribute("actions", RunActions.of(boardOf(id), Viewer.of(viewer)));
        return "run :: actions";
    }

    /**
     * The board as SSE events {@code board} while the run goes on, then {@code end}. A body, not a view: when the
     * stream ends, nothing is left to render into it.
     */
    @GetMapping("/runs/{id}/events")
    @ResponseBody
    ResponseEntity<?> events(@PathVariable String id, Authentication viewer) {
        if (pipelineTasks.byId(id).isEmpty()) {
            throw RequestRefused.notFound("no run with id " + id);
        }
        String user = Caller.identityOf(viewer);
        return streams.follow(user, id).<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                        .header(HttpHeaders.RETRY_AFTER, RETRY_STREAM_AFTER_SECONDS)
                        .contentType(MediaType.TEXT_PLAIN)
                        .body("too many live run pages: " + streams.refusal(user) + "; reload once one has closed"));
    }

    /** Asks the run to stop; pipeline-service stops its tasks and it ends CANCELED. */
    @PostMapping("/runs/{id}/cancel")
    String cancel(@PathVariable String id) {
        reportPipelineTaskStatus.cancel(id);
        return "redirect:/runs/" + id;
    }

    private RunBoard boardOf(String id) {
        PipelineTask run = pipelineTasks.byId(id).orElseThrow(() -> RequestRefused.notFound("no run with id " + id));
        return RunBoard.of(run, jobTasks.ofPipelineTasks(List.of(id)));
    }
}
