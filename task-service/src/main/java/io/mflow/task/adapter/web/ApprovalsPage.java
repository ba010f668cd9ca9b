package io.mflow.task.adapter.web;

import io.mflow.task.app.JobTaskQuery;
import io.mflow.task.app.JobTasks;
import io.mflow.task.domain.Gate;
import io.mflow.task.domain.GateStatus;
import io.mflow.task.domain.JobTask;
import io.mflow.task.domain.RunParam;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** Every gate waiting for the signed-in person: audits before their jobs run, confirmations of results. */
@Controller
public class ApprovalsPage {

    /** More than anyone decides at a sitting; the API lists the rest. */
    static final int MOST = 100;

    private final JobTasks jobTasks;

    ApprovalsPage(JobTasks jobTasks) {
        this.jobTasks = jobTasks;
    }

    /** A gate waiting for the viewer, with the params its task will run with (sensitive ones masked). */
    public record Waiting(JobTask task, GateView gate, List<RunParam> params) {
    }

    @GetMapping("/approvals")
    String approvals(Authentication caller, Model model) {
        Viewer me = Viewer.of(caller);
        List<Waiting> waiting = new ArrayList<>();
        jobTasks.page(new JobTaskQuery(null, null, null, me.identity(), GateStatus.WAITING, null, null, null), 0,
                MOST).items().forEach(task -> waiting.add(waitingOf(task, task.gates().audit(), me)));
        jobTasks.page(new JobTaskQuery(null, null, null, null, null, me.identity(), GateStatus.WAITING, null), 0,
                MOST).items().forEach(task -> waiting.add(waitingOf(task, task.gates().confirm(), me)));
        model.addAttribute("waiting", waiting);
        model.addAttribute("back", "/approvals");
        return "approvals";
    }

    private static Waiting waitingOf(JobTask task, Gate gate, Viewer me) {
        return new Waiting(task, GateView.of(task, gate, me), task.plan().maskedParams());
    }
}
