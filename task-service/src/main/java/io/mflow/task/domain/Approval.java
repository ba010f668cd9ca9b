package io.mflow.task.domain;

import io.mflow.platform.change.Change;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A release approval: a person asks that a pipeline be run with given params; one of its auditors passes or denies
 * it; one of its operators runs it (or it runs itself on pass, {@code autoRun}); an operator or auditor closes it once
 * the run is verified. Every change is kept in {@code history} and announced by one {@link Changed}.
 *
 * <p>Four eyes: its creator never decides it, even when listed among its auditors; being an ADMIN does not make
 * anyone an auditor. Who acts is a plain {@link Actor}: roles are checked at the edge, never here.
 *
 * @param runParams   the params its run gets, each sensitive value sealed
 * @param contacts    the sealed e-mail address of its auditors, operators and creator, by user name
 * @param pipelineTaskId the run it started, once RUNNING
 */
public record Approval(String id, String title, String description, String namespace, String createdBy,
                       List<String> auditors, List<String> operators, String pipelineId, String pipelineName,
                       List<ParamValue> runParams, boolean autoRun, Map<String, String> labels,
                       List<Pipeline.Webhook> webhooks, Map<String, String> contacts, Stage stage,
                       String pipelineTaskId, List<Step> history, Instant createdAt) {

    /** The prefix of an approval's id; its run's id is {@code pt-} and the approval's id (see {@link #runId}). */
    public static final String ID_PREFIX = "apv-";

    /** The code of a refusal for want of a comment (the REST adapter answers 400, not 409). */
    public static final String INVALID = "invalid";

    public Approval {
        auditors = List.copyOf(auditors);
        operators = List.copyOf(operators);
        runParams = List.copyOf(runParams);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        webhooks = List.copyOf(webhooks);
        contacts = contacts == null ? Map.of() : Map.copyOf(contacts);
        history = List.copyOf(history);
    }

    public enum Stage {
        /** Editable by its creator, told to nobody. */
        DRAFT,
        /** Waits for one of its auditors. */
        SUBMITTED,
        PASSED,
        DENIED,
        /** Its pipeline was started. */
        RUNNING,
        /** Verified after its run, or withdrawn after a denial. */
        CLOSED
    }

    /**
     * Where each stage may go. A change to the same stage is not an edge: a repeated pass or close changes nothing.
     * DENIED goes back to DRAFT when its creator edits it, so a denied request can be fixed and submitted again.
     */
    static final Map<Stage, Set<Stage>> NEXT = new EnumMap<>(Map.of(
            Stage.DRAFT, Set.of(Stage.SUBMITTED),
            Stage.SUBMITTED, Set.of(Stage.PASSED, Stage.DENIED),
            Stage.PASSED, Set.of(Stage.RUNNING),
            Stage.DENIED, Set.of(Stage.DRAFT, Stage.CLOSED),
            Stage.RUNNING, Set.of(Stage.CLOSED),
            Stage.CLOSED, Set.of()));

    /** One change: who made it, when, from which stage to which, and what they said. */
    public record Step(String by, Instant at, Stage from, Stage to, String comment) {
    }

    /** What a change announces; the rest of the record is the approval as the change leaves it. */
    public record Changed(String eventId, Stage stage, Stage previousStage, String by, String comment, Instant at) {
    }

    /** What its creator writes, checked (users exist, params fit the pipeline) and sealed by the use case. */
    public record Draft(String title, String description, String namespace, List<String> auditors,
                        List<String> operators, String pipelineId, String pipelineName, List<ParamValue> runParams,
                        boolean autoRun, Map<String, String> labels, List<Pipeline.Webhook> webhooks,
                        Map<String, String> contacts) {

        /** What is missing, or null. */
        public String problem() {
            if (title == null || title.isBlank()) {
                return "an approval needs a title";
            }
            if (auditors == null || auditors.isEmpty()) {
                return "an approval needs auditors: the users who may pass or deny it";
            }
            if (operators == null || operators.isEmpty()) {
                return "an approval needs operators: the users who run its pipeline once passed";
            }
            if (pipelineId == null || pipelineId.isBlank()) {
                return "an approval needs the pipelineId of the pipeline it releases";
            }
            return null;
        }
    }

    /** A new DRAFT, or why not (code {@code invalid}). */
    public static Change<Approval, Changed> draft(String id, Draft draft, Actor creator, Instant now) {
        String problem = draft.problem();
        if (problem != null) {
            return Change.refused(INVALID, problem);
        }
        Approval created = new Approval(id, draft.title().trim(), draft.description(), draft.namespace(),
                creator.name(), distinct(draft.auditors()), distinct(draft.operators()), draft.pipelineId(),
                draft.pipelineName(), draft.runParams(), draft.autoRun(), draft.labels(), draft.webhooks(),
                draft.contacts(), Stage.DRAFT, null, List.of(), now);
        return created.step(Stage.DRAFT, creator.name(), null, now, null);
    }

    /** The run an approval starts: one id per approval, so a start that comes again finds it instead of a second. */
    public static String runId(String approvalId) {
        return "pt-" + approvalId;
    }

    /** Who is told of its changes and may read it on their list: auditors, operators and its creator. */
    public List<String> people() {
        List<String> people = new ArrayList<>(auditors);
        operators.stream().filter(o -> !people.contains(o)).forEach(people::add);
        if (!people.contains(createdBy)) {
            people.add(createdBy);
        }
        return people;
    }

    /** Its creator rewrites a DRAFT, or a DENIED one, which goes back to DRAFT to be submitted again. */
    public Change<Approval, Changed> edit(Draft draft, Actor actor, Instant now) {
        if (!createdBy.equals(actor.name())) {
            return forbidden("only its creator " + createdBy + " may edit approval " + id);
        }
        if (stage != Stage.DRAFT && stage != Stage.DENIED) {
            return refused("edited");
        }
        String problem = draft.problem();
        if (problem != null) {
            return Change.refused(INVALID, problem);
        }
        Approval edited = new Approval(id, draft.title().trim(), draft.description(), draft.namespace(), createdBy,
                distinct(draft.auditors()), distinct(draft.operators()), draft.pipelineId(), draft.pipelineName(),
                draft.runParams(), draft.autoRun(), draft.labels(), draft.webhooks(), draft.contacts(), stage,
                pipelineTaskId, history, createdAt);
        return edited.step(Stage.DRAFT, actor.name(), "edited", now, null);
    }

    /** Its creator hands it to its auditors. */
    public Change<Approval, Changed> submit(Actor actor, Instant now) {
        if (!createdBy.equals(actor.name())) {
            return forbidden("only its creator " + createdBy + " may submit approval " + id);
        }
        if (stage == Stage.SUBMITTED) {
            return Change.unchanged();
        }
        return allows(Stage.SUBMITTED) ? step(Stage.SUBMITTED, actor.name(), null, now, null) : refused("submitted");
    }

    public Change<Approval, Changed> pass(Actor actor, String comment, Instant now) {
        String notAuditor = mayDecide(actor);
        if (notAuditor != null) {
            return forbidden(notAuditor);
        }
        if (stage == Stage.PASSED || (stage == Stage.RUNNING && passed())) {
            return Change.unchanged(); // a second click on the same card, or two auditors at once: passed once
        }
        return stage == Stage.SUBMITTED ? step(Stage.PASSED, actor.name(), comment, now, null) : refused("passed");
    }

    /** A denial says why: the creator reads it to fix the request. */
    public Change<Approval, Changed> deny(Actor actor, String comment, Instant now) {
        String notAuditor = mayDecide(actor);
        if (notAuditor != null) {
            return forbidden(notAuditor);
        }
        if (stage == Stage.DENIED) {
            return Change.unchanged();
        }
        if (stage != Stage.SUBMITTED) {
            return refused("denied");
        }
        if (blank(comment)) {
            return Change.refused(INVALID, "a denial needs a comment saying why");
        }
        return step(Stage.DENIED, actor.name(), comment.trim(), now, null);
    }

    /** Why {@code actor} may not start its run by hand, or null when they may now. */
    public Change<Approval, Changed> mayRun(Actor actor) {
        if (!operators.contains(actor.name())) {
            return forbidden(actor.name() + " is not an operator of approval " + id + ": only " + operators
                    + " may run it");
        }
        if (stage == Stage.RUNNING) {
            return Change.unchanged();
        }
        return stage == Stage.PASSED ? null : refused("run");
    }

    /** One of its operators started run {@code runId}. */
    public Change<Approval, Changed> run(Actor actor, String runId, Instant now) {
        Change<Approval, Changed> refusal = mayRun(actor);
        return refusal != null && !(refusal instanceof Change.Unchanged) ? refusal
                : noteRun(runId, actor.name(), now);
    }

    /**
     * Its run {@code runId} was started (by an operator, or by the approval itself on pass with {@code autoRun});
     * noted again, it changes nothing.
     */
    public Change<Approval, Changed> noteRun(String runId, String by, Instant now) {
        if (stage == Stage.RUNNING && runId.equals(pipelineTaskId)) {
            return Change.unchanged();
        }
        return stage == Stage.PASSED ? step(Stage.RUNNING, by, null, now, runId) : refused("run");
    }

    /**
     * An operator or auditor closes it once its run is verified; a DENIED one may also be withdrawn by its creator.
     * Either way with a comment.
     */
    public Change<Approval, Changed> close(Actor actor, String comment, Instant now) {
        String who = actor.name();
        boolean involved = operators.contains(who) || auditors.contains(who)
                || (stage == Stage.DENIED && createdBy.equals(who));
        if (!involved) {
            return forbidden(who + " may not close approval " + id + ": its operators and auditors close it"
                    + (stage == Stage.DENIED ? ", and its creator withdraws it" : ""));
        }
        if (stage == Stage.CLOSED) {
            return Change.unchanged();
        }
        if (!allows(Stage.CLOSED)) {
            return refused("closed");
        }
        if (blank(comment)) {
            return Change.refused(INVALID, "closing needs a comment: what was verified, or why it is withdrawn");
        }
        return step(Stage.CLOSED, who, comment.trim(), now, null);
    }

    /** Why {@code actor} may not delete it, or null: its creator deletes a DRAFT or a CLOSED one. */
    public String deletion(Actor actor) {
        if (!createdBy.equals(actor.name())) {
            return "only its creator " + createdBy + " may delete approval " + id;
        }
        return stage == Stage.DRAFT || stage == Stage.CLOSED ? null
                : "approval " + id + " is " + stage + ": only a DRAFT or CLOSED approval can be deleted";
    }

    /** A PASSED approval with autoRun whose run is not noted yet: the sweep starts (or finds) and notes it. */
    public boolean awaitsItsRun() {
        return stage == Stage.PASSED && autoRun;
    }

    /** Who passed it, or null. */
    public String passedBy() {
        return history.stream().filter(s -> s.to() == Stage.PASSED).map(Step::by).reduce((a, b) -> b).orElse(null);
    }

    private boolean passed() {
        return passedBy() != null;
    }

    private String mayDecide(Actor actor) {
        if (createdBy.equals(actor.name())) {
            return "four eyes: " + actor.name() + " created approval " + id + " and may not decide it, even as one"
                    + " of its auditors";
        }
        if (!auditors.contains(actor.name())) {
            return actor.name() + " is not an auditor of approval " + id + ": only " + auditors + " may decide it";
        }
        return null;
    }

    private boolean allows(Stage next) {
        return NEXT.get(stage).contains(next);
    }

    private Change<Approval, Changed> step(Stage to, String by, String comment, Instant now, String runId) {
        List<Step> longer = new ArrayList<>(history);
        longer.add(new Step(by, now, history.isEmpty() ? null : stage, to, comment));
        Approval next = new Approval(id, title, description, namespace, createdBy, auditors, operators, pipelineId,
                pipelineName, runParams, autoRun, labels, webhooks, contacts, to,
                runId != null ? runId : pipelineTaskId, longer, createdAt);
        // derived, not random: the n-th change of an approval has the same id however often it is decided
        Changed event = new Changed(id + "-" + longer.size(), to, history.isEmpty() ? null : stage, by, comment, now);
        return Change.moved(next, List.of(event));
    }

    private Change<Approval, Changed> refused(String what) {
        return Change.refused("approval " + id + " is " + stage + " and cannot be " + what + " now");
    }

    private static Change<Approval, Changed> forbidden(String reason) {
        return Change.refused(JobTask.FORBIDDEN, reason);
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    private static List<String> distinct(List<String> names) {
        return names.stream().map(String::trim).distinct().toList();
    }
}
