package io.mflow.notify.adapter.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mflow.notify.domain.Delivery;
import io.mflow.notify.domain.DeliveryResult;
import java.time.Instant;

/** One settled delivery; header values, secrets and url queries are never shown. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeliveryResponse(
        String id,
        String eventId,
        String jobTaskId,
        String pipelineTaskId,
        String subscription,
        String channel,
        String target,
        String endpointId,
        String event,
        String state,
        int attempts,
        Instant createdAt,
        Instant finishedAt,
        Integer httpStatus,
        String platformCode,
        String platformMessage,
        String responseExcerpt,
        Long durationMillis,
        String error) {

    static DeliveryResponse from(Delivery delivery) {
        DeliveryResult result = delivery.lastResult();
        return new DeliveryResponse(delivery.id(), delivery.notice().eventId(), delivery.notice().jobTaskId(),
                delivery.notice().pipelineTaskId(), delivery.subscriptionKey(), delivery.channel().name(),
                delivery.target(), delivery.endpointId(), delivery.notice().event(), delivery.state().name(),
                delivery.attempts(), delivery.createdAt(), delivery.finishedAt(),
                result == null ? null : result.httpStatus(),
                result == null ? null : result.platformCode(),
                result == null ? null : result.platformMessage(),
                result == null ? null : result.responseExcerpt(),
                result == null ? null : result.durationMillis(),
                result == null ? null : result.error());
    }
}
