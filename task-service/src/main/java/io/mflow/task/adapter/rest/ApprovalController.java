package io.mflow.task.adapter.rest;

import io.mflow.platform.security.Caller;
import io.mflow.task.adapter.rest.ApprovalBodies.ApprovalRequest;
import io.mflow.task.adapter.rest.ApprovalBodies.ApprovalResponse;
import io.mflow.task.adapter.rest.ApprovalBodies.CommentRequest;
import io.mflow.task.app.Approvals;
import io.mflow.task.app.ReleaseApprovals;
import io.mflow.task.app.RequestRefused;
import io.mflow.task.app.Secrets;
import io.mflow.task.domain.Actor;
import io.mflow.task.domain.Approval;
import io.swagger.v3.oas.annotations.Operation;
import java.util.Locale;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Release approvals (docs/approvals.md). Creating needs a DEVELOPER of the pipeline's namespace; who may submit,
 * decide, run and close is the approval's own rule (its creator, auditors, operators), whatever the caller's role.
 */
@RestController
@RequestMapping("/api/v1/approvals")
class ApprovalController {

    private static final Set<String> MINE = Set.of("auditor", "operator", "creator");

    private final ReleaseApprovals releaseApprovals;
    private final Approvals approvals;
    private final Secrets secrets;

    ApprovalController(ReleaseApprovals releaseApprovals, Approvals approvals, Secrets secrets) {
        this.releaseApprovals = releaseApprovals;
        this.approvals = approvals;
        this.secrets = secrets;
    }

    @Operation(summary = "Draft a release approval of a pipeline")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    ApprovalResponse create(@RequestBody ApprovalRequest request, Authentication caller) {
        return shown(releaseApprovals.create(request.toRequest(), actor(caller), Namespaces.accessOf(caller)));
    }

    @Operation(summary = "Approvals, newest first; ?stage= and ?mine=auditor|operator|creator filter them")
    @GetMapping
    PageBody<ApprovalResponse> list(@RequestParam(required = false) String stage,
                                    @RequestParam(required = false) String mine,
                                    @RequestParam(defaultValue = "0") int page,
                                    @RequestParam(defaultValue = "20") int size, Authentication caller) {
        PageBody.check(page, size);
        Approval.Stage wanted = null;
        if (stage != null && !stage.isBlank()) {
            try {
                wanted = Approval.Stage.valueOf(stage.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw RequestRefused.invalid("stage must be one of " + java.util.Arrays.toString(
                        Approval.Stage.values()) + ", not '" + stage + "'");
            }
        }
        String role = mine == null || mine.isBlank() ? null : mine.trim().toLowerCase(Locale.ROOT);
        if (role != null && !MINE.contains(role)) {
            throw RequestRefused.invalid("mine must be auditor, operator or creator, not '" + mine + "'");
        }
        return PageBody.of(approvals.page(wanted, role, role == null ? null : Caller.identityOf(caller), page, size)
                .map(this::shown));
    }

    @Operation(summary = "One approval, with its history")
    @GetMapping("/{id}")
    ApprovalResponse get(@PathVariable String id) {
        return approvals.byId(id).map(this::shown)
                .orElseThrow(() -> RequestRefused.notFound("no approval with id " + id));
    }

    @Operation(summary = "Rewrite a DRAFT (or a DENIED one, which goes back to DRAFT); its creator only")
    @PutMapping("/{id}")
    ApprovalResponse edit(@PathVariable String id, @RequestBody ApprovalRequest request, Authentication caller) {
        return shown(releaseApprovals.edit(id, request.toRequest(), actor(caller), Namespaces.accessOf(caller)));
    }

    @Operation(summary = "Delete a DRAFT or CLOSED approval; its creator only")
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String id, Authentication caller) {
        releaseApprovals.delete(id, actor(caller));
    }

    @Operation(summary = "Hand a DRAFT to its auditors; its creator only")
    @PostMapping("/{id}/submit")
    ApprovalResponse submit(@PathVariable String id, Authentication caller) {
        return shown(releaseApprovals.submit(id, actor(caller)));
    }

    @Operation(summary = "Pass a SUBMITTED approval: one of its auditors, never its creator; with autoRun its pipeline starts")
    @PostMapping("/{id}/pass")
    ApprovalResponse pass(@PathVariable String id, @RequestBody(required = false) CommentRequest body,
                          Authentication caller) {
        return shown(releaseApprovals.pass(id, actor(caller), comment(body)));
    }

    @Operation(summary = "Deny a SUBMITTED approval, saying why: one of its auditors, never its creator")
    @PostMapping("/{id}/deny")
    ApprovalResponse deny(@PathVariable String id, @RequestBody(required = false) CommentRequest body,
                          Authentication caller) {
        return shown(releaseApprovals.deny(id, actor(caller), comment(body)));
    }

    @Operation(summary = "Start the pipeline of a PASSED approval: one of its operators; once")
    @PostMapping("/{id}/run")
    ApprovalResponse run(@PathVariable String id, Authentication caller) {
        return shown(releaseApprovals.run(id, actor(caller)));
    }

    @Operation(summary = "Close a RUNNING approval once verified (operators, auditors), or withdraw a DENIED one")
    @PostMapping("/{id}/close")
    ApprovalResponse close(@PathVariable String id, @RequestBody(required = false) CommentRequest body,
                           Authentication caller) {
        return shown(releaseApprovals.close(id, actor(caller), comment(body)));
    }

    private ApprovalResponse shown(Approval approval) {
        return ApprovalResponse.of(approval, secrets);
    }

    private static Actor actor(Authentication caller) {
        return new Actor(Caller.identityOf(caller));
    }

    private static String comment(CommentRequest body) {
        return body == null ? null : body.comment();
    }
}
