package io.mflow.task.app;

import io.mflow.platform.aggregate.AggregateChanges;
import io.mflow.platform.aggregate.Changed;
import io.mflow.platform.change.Change;
import io.mflow.schemas.sealed.SealedPlace;
import io.mflow.task.domain.Actor;
import io.mflow.task.domain.Approval;
import io.mflow.task.domain.Limits;
import io.mflow.task.domain.ParamValue;
import io.mflow.task.domain.Pipeline;
import io.mflow.task.domain.RunParam;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The life of release approvals: drafted, submitted, decided by an auditor, run by an operator (or by itself on pass
 * with autoRun), closed. Who may do what is the approval's decision ({@link Approval}); this checks what the
 * approval cannot know (users exist, the pipeline and its params), seals its secrets and starts its run.
 */
public class ReleaseApprovals {

    /** The label every run started by an approval carries, with the approval's id. */
    public static final String LABEL = "mflow.io/approval";

    private final AggregateChanges<Approval, Approval.Changed> approvals;
    private final Approvals reader;
    private final Pipelines pipelines;
    private final Users users;
    private final Subscriptions subscriptions;
    private final Secrets secrets;
    private final RunPipeline runPipeline;
    private final Clock clock;

    public ReleaseApprovals(AggregateChanges<Approval, Approval.Changed> approvals, Approvals reader,
                            Pipelines pipelines, Users users, Subscriptions subscriptions, Secrets secrets,
                            RunPipeline runPipeline, Clock clock) {
        this.approvals = approvals;
        this.reader = reader;
        this.pipelines = pipelines;
        this.users = users;
        this.subscriptions = subscriptions;
        this.secrets = secrets;
        this.runPipeline = runPipeline;
        this.clock = clock;
    }

    /** What a creator writes, before it is checked and sealed. */
    public record Request(String title, String description, List<String> auditors, List<String> operators,
                          String pipelineId, List<ParamValue> runParams, boolean autoRun, Map<String, String> labels,
                          List<Pipeline.Webhook> webhooks) {
    }

    public Approval create(Request request, Actor creator, Access access) {
        String id = RandomIds.next(Approval.ID_PREFIX);
        Approval.Draft draft = draftOf(id, request, access, null);
        Change<Approval, Approval.Changed> change = Approval.draft(id, draft, creator, clock.instant());
        if (change instanceof Change.Refused<Approval, Approval.Changed> refused) {
            throw RequestRefused.invalid(refused.reason());
        }
        Change.Moved<Approval, Approval.Changed> moved = (Change.Moved<Approval, Approval.Changed>) change;
        if (!approvals.create(moved.next(), moved.events())) {
            throw new IllegalStateException("an approval with the new id " + id + " exists already");
        }
        return moved.next();
    }

    public Approval edit(String id, Request request, Actor actor, Access access) {
        Approval current = found(id);
        Approval.Draft draft = draftOf(id, request, access, current);
        return decided(id, approval -> approval.edit(draft, actor, clock.instant()));
    }

    public void delete(String id, Actor actor) {
        Approval current = found(id);
        String refusal = current.deletion(actor);
        if (refusal != null) {
            throw new RequestRefused(current.createdBy().equals(actor.name()) ? RequestRefused.Reason.CONFLICT
                    : RequestRefused.Reason.FORBIDDEN, refusal);
        }
        if (!reader.deleteIn(id, current.stage())) {
            throw new RequestRefused(RequestRefused.Reason.CONFLICT, "approval " + id + " changed meanwhile: read it"
                    + " again");
        }
    }

    public Approval submit(String id, Actor actor) {
        return decided(id, approval -> approval.submit(actor, clock.instant()));
    }

    /**
     * Passed, and with autoRun its run started, once however often a pass comes. The pass stands even when the run
     * cannot start now (its lane refuses runs while busy, a job of the pipeline is gone): the approval stays PASSED,
     * and the sweep tries again.
     */
    public Approval pass(String id, Actor auditor, String comment) {
        Approval passed = decided(id, approval -> approval.pass(auditor, comment, clock.instant()));
        if (!passed.awaitsItsRun()) {
            return passed;
        }
        try {
            return startRun(passed);
        } catch (RequestRefused notNow) {
            return passed;
        }
    }

    public Approval deny(String id, Actor auditor, String comment) {
        return decided(id, approval -> approval.deny(auditor, comment, clock.instant()));
    }

    /**
     * One of its operators runs it. The run's id is the approval's, so two operators at once, or a retry after a
     * crash between the run and its note, start one run.
     */
    public Approval run(String id, Actor operator) {
        Approval current = found(id);
        Change<Approval, Approval.Changed> refusal = current.mayRun(operator);
        if (refusal != null) {
            return decided(id, approval -> approval.mayRun(operator));
        }
        String runId = started(current, operator.name(), operator.name());
        return decided(id, approval -> approval.run(operator, runId, clock.instant()));
    }

    public Approval close(String id, Actor actor, String comment) {
        return decided(id, approval -> approval.close(actor, comment, clock.instant()));
    }

    /**
     * Finishes PASSED approvals with autoRun whose run was not noted (this or another replica stopped between the
     * pass and the note): their run is started, or found by its id, and noted.
     */
    public void sweep() {
        for (Approval passed : reader.awaitingTheirRun(100)) {
            try {
                startRun(passed);
            } catch (RequestRefused notNow) {
                // its run cannot start now; the next sweep tries again, and the others need not wait for it
            }
        }
    }

    /** Started by the approval itself: its triggeredBy says so; the auditor who passed it made the change. */
    private Approval startRun(Approval passed) {
        String by = passed.passedBy() != null ? passed.passedBy() : passed.createdBy();
        String runId = started(passed, "approval:" + passed.id(), by);
        return decided(passed.id(), approval -> approval.noteRun(runId, by, clock.instant()));
    }

    private String started(Approval approval, String triggeredBy, String by) {
        List<ParamValue> opened = approval.runParams().stream().map(p -> secrets.isSealed(p.value())
                ? p.withValue(secrets.open(p.value(), SealedPlace.approvalParam(approval.id(), p.name()))) : p)
                .toList();
        Map<String, String> labels = new HashMap<>(approval.labels());
        labels.put(LABEL, approval.id());
        return runPipeline.run(approval.pipelineId(), opened, labels, false, triggeredBy,
                Approval.runId(approval.id())).id();
    }

    private Approval found(String id) {
        return reader.byId(id).orElseThrow(() -> RequestRefused.notFound("no approval with id " + id));
    }

    private Approval decided(String id,
                             java.util.function.Function<Approval, Change<Approval, Approval.Changed>> decide) {
        Optional<Changed<Approval, Approval.Changed>> changed = approvals.change(id, decide);
        return RequestRefused.unlessRefused(changed, "approval with id " + id);
    }

    /**
     * The request checked (users exist, the pipeline exists and takes the params) and sealed: sensitive run params
     * (sensitive in a job of the pipeline), the webhooks' urls, headers and secrets, the people's e-mail addresses.
     * A value shown masked ({@code ******}) keeps what {@code current} holds.
     */
    private Approval.Draft draftOf(String id, Request request, Access access, Approval current) {
        Pipeline pipeline = request.pipelineId() == null || request.pipelineId().isBlank() ? null
                : pipelines.byId(request.pipelineId()).orElseThrow(() -> RequestRefused.invalid(
                        "no pipeline with id " + request.pipelineId()));
        List<String> problems = new ArrayList<>();
        if (pipeline != null) {
            access.check(pipeline.namespace(), "ask approvals for pipelines");
        }
        Optional.ofNullable(Limits.checkLength("title", request.title(), Limits.TEXT_LENGTH)).ifPresent(problems::add);
        List<String> people = new ArrayList<>();
        for (String field : List.of("auditors", "operators")) {
            List<String> names = field.equals("auditors") ? request.auditors() : request.operators();
            for (String name : names == null ? List.<String>of() : names) {
                if (name == null || users.byName(name.trim()).isEmpty()) {
                    problems.add(field + ": no user named '" + name + "'");
                } else {
                    people.add(name.trim());
                }
            }
        }
        List<ParamValue> runParams = request.runParams() == null ? List.of() : request.runParams();
        String paramsProblem = Limits.checkValues("runParams", runParams);
        Optional.ofNullable(paramsProblem).ifPresent(problems::add);
        // params that break the limits (a missing name, say) are refused as they are, never scope-checked or sealed
        List<ParamValue> given = paramsProblem == null ? runParams : List.of();
        Map<String, String> labels = request.labels() == null ? Map.of() : request.labels();
        Optional.ofNullable(Limits.checkEntries("labels", labels, Limits.TEXT_LENGTH, false)).ifPresent(problems::add);
        List<ParamValue> params = new ArrayList<>();
        Set<String> sensitive = pipeline == null ? Set.of() : runPipeline.sensitiveNames(pipeline);
        for (int i = 0; i < given.size(); i++) {
            ParamValue param = given.get(i);
            if (pipeline != null) {
                String scopeProblem = param.scope().problemIn(pipeline);
                if (scopeProblem != null) {
                    problems.add("runParams[" + i + "] '" + param.name() + "': " + scopeProblem);
                }
            }
            params.add(sealed(id, param, sensitive, current));
        }
        List<Pipeline.Webhook> hooks = request.webhooks() == null ? List.of() : request.webhooks();
        List<Pipeline.Webhook> webhooks = new ArrayList<>();
        for (int i = 0; i < hooks.size(); i++) {
            Pipeline.Webhook hook = hooks.get(i);
            for (String event : hook.events()) {
                if (event == null || !isStage(event)) {
                    problems.add("webhooks[" + i + "].events: '" + event + "' is no approval stage");
                }
            }
            // checked and sealed as a pipeline's; its events are approval stages, which the pipeline check does not know
            subscriptions.webhooks("approval", List.of(new Pipeline.Webhook(hook.url(), List.of(), hook.headers(),
                    hook.type(), hook.secret())), problems).forEach(sealed -> webhooks.add(new Pipeline.Webhook(
                    sealed.url(), hook.events().stream().filter(java.util.Objects::nonNull)
                    .map(event -> event.trim().toUpperCase(java.util.Locale.ROOT)).toList(), sealed.headers(),
                    sealed.type(), sealed.secret())));
        }
        if (!problems.isEmpty()) {
            throw RequestRefused.invalid(String.join("; ", problems));
        }
        return new Approval.Draft(request.title(), request.description(),
                pipeline == null ? null : pipeline.namespace(), request.auditors(), request.operators(),
                request.pipelineId(), pipeline == null ? null : pipeline.name(), params, request.autoRun(), labels,
                webhooks, subscriptions.contactsOf(people));
    }

    private ParamValue sealed(String id, ParamValue param, Set<String> sensitive, Approval current) {
        if (!sensitive.contains(param.name()) || param.value() == null || param.value().isBlank()) {
            return param;
        }
        if (RunParam.MASK.equals(param.value().trim()) && current != null) {
            return current.runParams().stream().filter(p -> p.name().equals(param.name())).findFirst()
                    .orElse(param.withValue(null));
        }
        return param.withValue(secrets.seal(param.value(), SealedPlace.approvalParam(id, param.name())));
    }

    private static boolean isStage(String name) {
        for (Approval.Stage stage : Approval.Stage.values()) {
            if (stage.name().equalsIgnoreCase(name.trim())) {
                return true;
            }
        }
        return false;
    }
}
