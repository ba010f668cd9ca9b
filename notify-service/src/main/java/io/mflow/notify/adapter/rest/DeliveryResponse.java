package io.mflow.notify.adapter.rest;

import io.mflow.notify.domain.Delivery;
import io.mflow.notify.domain.DeliveryResult;
import java.time.Instant;

/** @param state {@code PENDING} (claimed, no answer yet), {@code SUCCEEDED} or {@code FAILED} */
public record DeliveryResponse(
        String id,
        String eventId,
        String jobTaskId,
        String pipelineTaskId,
        int subscriptionIndex,
        String target,
        String stage,
        Instant claimedAt,
        String state,
        Integer httpStatus,
        String responseExcerpt,
        Long durationMillis,
        String error) {

    static DeliveryResponse from(Delivery delivery) {
        DeliveryResult result = delivery.result();
        String state = delivery.isPending() ? "PENDING" : result.success() ? "SUCCEEDED" : "FAILED";
        return new DeliveryResponse(delivery.id(), delivery.eventId(), delivery.jobTaskId(), delivery.pipelineTaskId(),
                delivery.subscriptionIndex(), delivery.target(), delivery.stage(), delivery.claimedAt(), state,
                result == null ? null : result.httpStatus(),
                result == null ? null : result.responseExcerpt(),
                result == null ? null : result.durationMillis(),
                result == null ? null : result.error());
    }
}
