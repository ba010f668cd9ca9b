package io.mflow.notify.domain;

import java.time.Instant;

/**
 * One notification of one status change to one subscription. Its id is derived from the event id and the
 * subscription index, so a redelivered event claims the same id and the store refuses the second claim: at most one
 * send per (subscription, event), even across a crash. A claim left pending by a crash is never sent again.
 *
 * @param result {@code null} while pending (claimed, not yet answered)
 */
public record Delivery(
        String id,
        String eventId,
        String jobTaskId,
        String pipelineTaskId,
        int subscriptionIndex,
        String target,
        String stage,
        Instant claimedAt,
        DeliveryResult result) {

    public static String idOf(String eventId, int subscriptionIndex) {
        return eventId + "#" + subscriptionIndex;
    }

    public static Delivery claim(StatusChange change, int subscriptionIndex, Subscription subscription, Instant now) {
        return new Delivery(idOf(change.eventId(), subscriptionIndex), change.eventId(), change.jobTaskId(),
                change.pipelineTaskId(), subscriptionIndex, subscription.target(), change.stage(), now, null);
    }

    public boolean isPending() {
        return result == null;
    }

    public Delivery finish(DeliveryResult outcome) {
        return new Delivery(id, eventId, jobTaskId, pipelineTaskId, subscriptionIndex, target, stage, claimedAt, outcome);
    }
}
