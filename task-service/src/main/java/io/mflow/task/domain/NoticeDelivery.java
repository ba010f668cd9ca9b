package io.mflow.task.domain;

import java.time.Instant;

/**
 * How notify-service's delivery of one notice to one subscription ended, as it announced it: shown on the job task
 * or pipeline task it told of, beside (never inside) the subscriptions.
 *
 * @param event  what the notice told: a stage, {@code AUDIT_WAITING} or {@code CONFIRM_WAITING}
 * @param target the url without its query, or {@code mail to <user>}
 * @param state  {@code DELIVERED} or {@code FAILED}
 */
public record NoticeDelivery(String deliveryId, String event, String channel, String target, String state,
                             int attempts, Integer httpStatus, String platformCode, String platformMessage,
                             String responseExcerpt, long durationMillis, String error, Instant at) {
}
