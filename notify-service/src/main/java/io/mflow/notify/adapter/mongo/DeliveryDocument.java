package io.mflow.notify.adapter.mongo;

import io.mflow.notify.domain.Delivery;
import io.mflow.notify.domain.DeliveryResult;
import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/** A claimed delivery; {@code success} stays null until the receiver answered or the send failed. */
@Document("deliveries")
record DeliveryDocument(
        @Id String id,
        String eventId,
        @Indexed String jobTaskId,
        String pipelineTaskId,
        int subscriptionIndex,
        String target,
        String stage,
        Instant claimedAt,
        Instant finishedAt,
        Boolean success,
        Integer httpStatus,
        String responseExcerpt,
        Long durationMillis,
        String error) {

    static DeliveryDocument claimed(Delivery delivery) {
        return new DeliveryDocument(delivery.id(), delivery.eventId(), delivery.jobTaskId(), delivery.pipelineTaskId(),
                delivery.subscriptionIndex(), delivery.target(), delivery.stage(), delivery.claimedAt(),
                null, null, null, null, null, null);
    }

    Delivery toDomain() {
        Delivery claimed = new Delivery(id, eventId, jobTaskId, pipelineTaskId, subscriptionIndex, target, stage,
                claimedAt, null);
        return success == null ? claimed
                : claimed.finish(new DeliveryResult(success, httpStatus, responseExcerpt, durationMillis, error));
    }
}
