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
 * @param topicPartitions partitions of the topics this service declares
 * @param topicReplicas   replication factor of the topics this service declares
 */
@ConfigurationProperties("mflow")
public record NotifyProperties(
        String secretKey,
        @DefaultValue("5s") Duration requestTimeout,
        @DefaultValue("8") int senders,
        @DefaultValue("1000") int sendQueue,
        @DefaultValue("3") int topicPartitions,
        @DefaultValue("1") short topicReplicas) {
}
