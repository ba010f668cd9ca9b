package io.mflow.platform.kafka;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code mflow.kafka.*}.
 *
 * @param topicPartitions partitions of every topic a service declares (and of its dead-letter topic)
 * @param topicReplicas   replication factor of every topic a service declares
 * @param retryFor        how long a valid record that fails for another reason (the store or the broker away for a
 *                        moment) is retried, in order, before it is dead-lettered
 * @param maxRecordBytes  the largest record value a service writes: what the broker takes ({@code message.max.bytes},
 *                        1 MiB by default) less room for headers and the batch's framing. A change that would
 *                        announce more is refused before anything is stored, rather than stuck in an outbox.
 */
@ConfigurationProperties("mflow.kafka")
public record KafkaProperties(@DefaultValue("3") int topicPartitions,
                              @DefaultValue("1") short topicReplicas,
                              @DefaultValue("10m") Duration retryFor,
                              @DefaultValue("1000000") int maxRecordBytes) {
}
