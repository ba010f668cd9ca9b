package io.mflow.task.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param secretKey       base64 of 32 bytes; seals secrets ({@code MFLOW_SECRET_KEY})
 * @param topicPartitions partitions of the topics this service declares
 * @param topicReplicas   replication factor of the topics this service declares
 * @param outboxSweepMs   how often the relay looks for entries a crash left behind
 */
@ConfigurationProperties("mflow")
public record TaskServiceProperties(String secretKey,
                                    @DefaultValue("3") int topicPartitions,
                                    @DefaultValue("1") short topicReplicas,
                                    @DefaultValue("2000") long outboxSweepMs) {
}
