package io.mflow.notify.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A job task or a pipeline task with the subscriptions its plan gave it, in plan order, and what a notice about it
 * shows: its names, who started its run, and its params as a reader may see them (sensitive values masked, the
 * update token left out). {@code sealedContacts}: the e-mail address (sealed) of each person it may tell.
 */
public record Subscriber(String ownerId, Notice.Subject subject, String pipelineTaskId, String pipelineName,
                         String taskName, Map<String, String> shownParams, List<Subscription> subscriptions,
                         Map<String, String> sealedContacts) {

    public Subscriber {
        shownParams = shownParams == null ? Map.of() : new java.util.LinkedHashMap<>(shownParams);
        subscriptions = subscriptions == null ? List.of() : List.copyOf(subscriptions);
        sealedContacts = sealedContacts == null ? Map.of() : Map.copyOf(sealedContacts);
    }

    /** Nothing to tell anyone about it: most job tasks; a gate's people are told even so, when they wait. */
    public boolean isSilent() {
        return subscriptions.isEmpty() && sealedContacts.isEmpty();
    }

    /** The change as people are told of it; {@code baseUrl} (null: none) makes its link. */
    public Notice notice(TaskChange change, String baseUrl) {
        String path = subject == Notice.Subject.JOB_TASK ? "/api/v1/job-tasks/" : "/api/v1/pipeline-tasks/";
        String link = baseUrl == null || baseUrl.isBlank() ? null
                : baseUrl.replaceAll("/+$", "") + path + ownerId;
        return new Notice(change.eventId(), subject, change.event(), change.jobTaskId(),
                change.jobTaskName() != null ? change.jobTaskName() : taskName, pipelineTaskId, pipelineName,
                change.stageName(), change.stage(), change.previousStage(), change.message(), change.triggeredBy(),
                change.startedAt(), change.occurredAt(), change.attempt(), shownParams, change.deciders(), link);
    }

    /**
     * One delivery for each subscription that wants to hear of the notice, and, for a wait at a gate, one to each
     * person who must decide (once, even if they also subscribed by mention).
     */
    public List<Delivery> deliveriesFor(Notice notice, Instant now) {
        if (notice.isApproval()) {
            return approvalDeliveriesFor(notice, now);
        }
        List<Delivery> deliveries = new ArrayList<>();
        List<String> mentioned = new ArrayList<>();
        for (Subscription subscription : subscriptions) {
            if (subscription.channel().isCommitStatus() && notice.subject() != Notice.Subject.PIPELINE_TASK) {
                continue; // a commit shows its run's state; a job task's change is not the run's
            }
            if (subscription.matches(notice.event())) {
                deliveries.add(Delivery.of(notice, subscription, now));
                if (subscription.isMention()) {
                    mentioned.add(subscription.user());
                }
            }
        }
        if (notice.isGateWait()) {
            for (String decider : notice.deciders()) {
                if (!mentioned.contains(decider)) {
                    deliveries.add(Delivery.of(notice, Subscription.decider(decider, notice.event()), now));
                }
            }
        }
        return deliveries;
    }

    /**
     * An approval's move: every chat robot that wants its stage, and an e-mail to each person told of it (see
     * {@link Approval#toldOf}); a draft tells nobody, not even a robot.
     */
    private List<Delivery> approvalDeliveriesFor(Notice notice, Instant now) {
        List<Delivery> deliveries = new ArrayList<>();
        if (Approval.DRAFT.equals(notice.stage())) {
            return deliveries;
        }
        for (Subscription subscription : subscriptions) {
            if (!subscription.isMention() && !subscription.channel().isCommitStatus()
                    && subscription.matches(notice.event())) {
                deliveries.add(Delivery.of(notice, subscription, now));
            }
        }
        for (String person : notice.approval().toldOf(notice.stage())) {
            subscriptions.stream().filter(s -> s.isMention() && s.user().equals(person)).findFirst()
                    .ifPresent(mention -> deliveries.add(Delivery.of(notice, mention, now)));
        }
        return deliveries;
    }

    public Subscription subscription(String key) {
        return subscriptions.stream().filter(s -> s.key().equals(key)).findFirst()
                .orElseGet(() -> key.contains("-") ? deciderOf(key) : null);
    }

    /** A decider's subscription is not stored: it is made again from its key. */
    private static Subscription deciderOf(String key) {
        int dash = key.indexOf('-');
        String event = key.substring(0, dash).toUpperCase(java.util.Locale.ROOT);
        return event.equals(Notice.AUDIT_WAITING) || event.equals(Notice.CONFIRM_WAITING)
                ? Subscription.decider(key.substring(dash + 1), event) : null;
    }
}
