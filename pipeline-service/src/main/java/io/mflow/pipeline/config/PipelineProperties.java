package io.mflow.pipeline.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code mflow.*}: the secret key that opens sealed update tokens (base64 of 32 bytes), how the topics this service
 * consumes are created, and how often the outbox sweep looks for leftovers.
 */
@ConfigurationProperties("mflow")
public record PipelineProperties(String secretKey,
                                 @DefaultValue("3") int topicPartitions,
                                 @DefaultValue("1") short topicReplicas,
                                 @DefaultValue("PT2S") Duration outboxSweepInterval) {
}
