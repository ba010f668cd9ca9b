package io.mflow.task.adapter.web;

import io.mflow.platform.security.Caller;
import io.mflow.task.app.CancelJobTask;
import io.mflow.task.app.DecideAtGate;
import io.mflow.task.app.RequestRefused;
import io.mflow.task.app.RetryJobTask;
import io.mflow.task.app.SkipJobTask;
import io.mflow.task.domain.Actor;
import io.mflow.task.domain.Gate;
import io.mflow.task.domain.JobTask;
import io.mflow.task.domain.Limits;
import io.mflow.task.domain.ParamValue;
import io.mflow.task.domain.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * What a person does to a job task from any page that shows it (a run, the task's own page, the approvals): each a
 * plain form that goes back to the page it came from ({@code back}, a path of the dashboard's own). A refusal is a
 * page saying why ({@link PageProblems}), and changes nothing.
 */
@Controller
public class JobTaskActions {

    /** Where a form may send the browser back to: a page of the dashboard, never another site. */
    private static final Pattern BACK = Pattern.compile("/(runs|job-tasks)/[A-Za-z0-9._:-]+|/approvals");

    private final DecideAtGate decideAtGate;
    private final RetryJobTask retryJobTask;
    private final SkipJobTask skipJobTask;
    private final CancelJobTask cancelJobTask;

    JobTaskActions(DecideAtGate decideAtGate, RetryJobTask retryJobTask, SkipJobTask skipJobTask,
                   CancelJobTask cancelJobTask) {
        this.decideAtGate = decideAtGate;
        this.retryJobTask = retryJobTask;
        this.skipJobTask = skipJobTask;
        this.cancelJobTask = cancelJobTask;
    }

    /** An auditor's PASS or DENY (a DENY needs a comment); the gate decides who may. */
    @PostMapping("/job-tasks/{id}/audit")
    String audit(@PathVariable String id, @RequestParam(required = false) String decision,
                 @RequestParam(required = false) String comment, @RequestParam(required = false) String back,
                 Authentication caller) {
        return decide(id, Gate.Kind.AUDIT, decision, comment, back, caller);
    }

    /** A checker's PASS or DENY on the task's result. */
    @PostMapping("/job-tasks/{id}/confirm")
    String confirm(@PathVariable String id, @RequestParam(required = false) String decision,
                   @RequestParam(required = false) String comment, @RequestParam(required = false) String back,
                   Authentication caller) {
        return decide(id, Gate.Kind.CONFIRM, decision, comment, back, caller);
    }

    /** A new attempt with the params changed as the form says; an empty field keeps the value the task had. */
    @PostMapping("/job-tasks/{id}/retry")
    String retry(@PathVariable String id, @RequestParam Map<String, String> form,
                 @RequestParam(required = false) String reason, @RequestParam(required = false) String back,
                 Authentication caller) {
        RequestRefused.ifInvalid(Limits.checkBytes("reason", reason, Limits.VALUE_BYTES));
        List<ParamValue> params = new ArrayList<>();
        form.forEach((key, value) -> {
            if (key.startsWith(PipelinePages.PARAM) && value != null && !value.isEmpty()) {
                params.add(new ParamValue(key.substring(PipelinePages.PARAM.length()), value));
            }
        });
        return backTo(back, retryJobTask.retry(id, actor(caller), params, blankAsNull(reason)));
    }

    @PostMapping("/job-tasks/{id}/skip")
    String skip(@PathVariable String id, @RequestParam(required = false) String reason,
                @RequestParam(required = false) String back, Authentication caller) {
        RequestRefused.ifInvalid(Limits.checkBytes("reason", reason, Limits.VALUE_BYTES));
        return backTo(back, skipJobTask.skip(id, actor(caller), reason));
    }

    @PostMapping("/job-tasks/{id}/cancel")
    String cancel(@PathVariable String id, @RequestParam(required = false) String reason,
                  @RequestParam(required = false) String back, Authentication caller) {
        RequestRefused.ifInvalid(Limits.checkBytes("reason", reason, Limits.VALUE_BYTES));
        return backTo(back, cancelJobTask.cancel(id, actor(caller), blankAsNull(reason)));
    }

    private String decide(String id, Gate.Kind gate, String decision, String comment, String back,
                          Authentication caller) {
        Verdict verdict;
        try {
            verdict = Verdict.valueOf(decision == null ? "" : decision.trim());
        } catch (IllegalArgumentException e) {
            throw RequestRefused.invalid("decision must be PASS or DENY");
        }
        RequestRefused.ifInvalid(Limits.checkBytes("comment", comment, Limits.VALUE_BYTES));
        return backTo(back, decideAtGate.decide(id, gate, actor(caller), verdict, blankAsNull(comment)));
    }

    /** Back to the page the form was on, else to the task's run (or its own page, for a job run on its own). */
    static String backTo(String back, JobTask task) {
        if (back != null && BACK.matcher(back).matches()) {
            return "redirect:" + back;
        }
        return "redirect:" + (task.pipelineTaskId() != null ? "/runs/" + task.pipelineTaskId()
                : "/job-tasks/" + task.id());
    }

    /** Who acts, as gates and the audit trail compare people: an SSO user by name and issuer. */
    private static Actor actor(Authentication caller) {
        return new Actor(Caller.identityOf(caller));
    }

    private static String blankAsNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
