package io.mflow.notify.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param secretKey       base64 of 32 bytes; opens the sealed webhook headers
 * @param requestTimeout  how long one webhook request may take, connecting included
 * @param senders         how many webhook requests run at once
 * @param sendQueue       how many claimed deliveries may wait for a sender; beyond that the consumer sends itself,
 *                        which slows consumption instead of dropping notifications
 */
@ConfigurationProperties("mflow")
public record NotifyProperties(
        String secretKey,
        @DefaultValue("5s") Duration requestTimeout,
        @DefaultValue("8") int senders,
        @DefaultValue("1000") int sendQueue) {
}
