package io.mflow.notify.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything notify-service reads under {@code mflow.notify.}.
 *
 * @param baseUrl                where people read a task: notices link to {@code <baseUrl>/api/v1/job-tasks/<id>}
 *                               ({@code MFLOW_NOTIFY_BASE_URL}); unset: no link
 * @param allowedPrivateNetworks CIDR blocks, comma-separated, that webhooks may call although they are internal
 *                               ({@code MFLOW_NOTIFY_ALLOWED_PRIVATE_NETWORKS}); unset: none
 * @param requestTimeout         one attempt's limit, connecting included
 * @param maxAttempts            attempts of one delivery before it is FAILED
 * @param firstBackoff           the wait after the first failed attempt, doubling after each next one
 * @param senders                attempts in flight at once
 * @param perEndpoint            attempts in flight at once to one endpoint, so a hanging one cannot hold all
 * @param pollInterval           how often the queue is looked at when nothing woke the senders
 * @param mailFrom               the sender of mentions' e-mails
 */
@ConfigurationProperties("mflow.notify")
public record NotifyProperties(
        String baseUrl,
        @DefaultValue("") String allowedPrivateNetworks,
        @DefaultValue("10s") Duration requestTimeout,
        @DefaultValue("5") int maxAttempts,
        @DefaultValue("1s") Duration firstBackoff,
        @DefaultValue("8") int senders,
        @DefaultValue("2") int perEndpoint,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("mflow@localhost") String mailFrom) {
}
